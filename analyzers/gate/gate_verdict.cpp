#include "gate/gate_verdict.h"

#include <algorithm>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/json_reader.h"
#include "core/text_escape.h"
#include "git/mail_apply.h"

namespace kconv {

const std::vector<std::string> &policyReasons() {
  static const std::vector<std::string> names = {"build", "tests", "splat", "findings",
                                                 "checkpatch"};
  return names;
}

GatePolicy loadPolicy(const std::string &path) {
  return parsePolicy(readFile(path), "policy " + path);
}

GatePolicy parsePolicy(const std::string &text, const std::string &source) {
  nlohmann::json j = JsonReader::parse(text, source);
  JsonReader top = JsonReader(j, source).expectObject();
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "fail_on" && it.key() != "converts" && it.key() != "infer_converted")
      top.at(it.key()).fail("unknown key (fail_on, converts, infer_converted)");
  auto strings = [&](const char *key) {
    std::set<std::string> out;
    JsonReader list = top.at(key).expectArray();
    for (size_t i = 0; i < list.size(); ++i) out.insert(list[i].asString());
    return out;
  };
  GatePolicy p;
  if (top.has("fail_on")) p.failOn = strings("fail_on");
  if (top.has("converts")) p.converts = strings("converts");
  p.inferConverted = top.boolean("infer_converted", p.inferConverted);
  for (const std::string &r : p.failOn)
    if (std::find(policyReasons().begin(), policyReasons().end(), r) == policyReasons().end())
      top.at("fail_on").fail("unknown reason '" + escapeLine(r) + "'");
  return p;
}

nlohmann::json toJson(const GatePolicy &p) {
  return {{"fail_on", p.failOn}, {"converts", p.converts}, {"infer_converted", p.inferConverted}};
}

std::set<std::string> convertedCategories(const std::vector<CommitResult> &series,
                                          const GatePolicy &policy) {
  std::set<std::string> out = policy.converts;
  if (!policy.inferConverted) return out;
  std::map<std::string, int> net;
  for (const CommitResult &r : series)
    for (const auto &[category, n] : r.findings.netRemovedByCategory()) net[category] += n;
  for (const auto &[category, n] : net)
    if (n > 0) out.insert(category);
  return out;
}

Verdict judge(const CommitResult &r, const GatePolicy &policy,
              const std::set<std::string> &converted) {
  Verdict v;
  auto fail = [&](const std::string &reason, const std::string &why) {
    if (!policy.failOn.count(reason)) return;
    v.pass = false;
    v.reasons.push_back(why);
  };
  if (!r.applyError.empty()) {  // nothing else ran: no policy can pass it
    v.pass = false;
    v.reasons.push_back("does not apply: " + git::applyErrorSummary(r.applyError));
    return v;
  }
  if (r.build.state == StepState::Failed)
    fail("build", "build failed" + (r.build.error.empty() ? "" : ": " + r.build.error));
  for (const auto &[arch, b] : r.archBuilds)
    if (b.state == StepState::Failed)
      fail("build", "build failed (" + arch + ")" + (b.error.empty() ? "" : ": " + b.error));
  // The host's tests, then each other architecture's, named.
  auto judgeTests = [&](const TestsStep &t, const std::string &arch) {
    std::string on = arch.empty() ? "" : " (" + arch + ")";
    if (t.timedOut) fail("tests", "QEMU run timed out" + on);
    for (const std::string &name : t.failedTests) fail("tests", "test failed" + on + ": " + name);
    if (t.state == StepState::Failed && t.failedTests.empty() && t.splats.empty() && !t.timedOut)
      fail("tests", "tests failed" + on + ": " + t.summary);
    for (const std::string &s : t.splats) fail("splat", "splat" + on + ": " + s);
  };
  judgeTests(r.tests, "");
  for (const auto &[arch, t] : r.archTests) judgeTests(t, arch);
  std::map<std::string, unsigned> added;
  auto count = [&](const Finding &f) {
    if (converted.count(f.category) && f.details.value("behaviour", "") != "keep")
      ++added[f.category];
  };
  for (const Finding &f : r.findings.added) count(f);
  for (const auto &[arch, f] : archOnlyAdded(r)) count(f);
  for (const auto &[category, n] : added)
    fail("findings", std::to_string(n) + " new " + category + " finding" + (n == 1 ? "" : "s") +
                         " (the series converts " + category + ")");
  if (r.checkpatch.errors > 0)
    fail("checkpatch", "checkpatch: " + std::to_string(r.checkpatch.errors) + " error" +
                           (r.checkpatch.errors == 1 ? "" : "s"));
  return v;
}

}  // namespace kconv
