#include "gate/gate_result.h"

#include <set>

namespace kconv {

namespace {

StepState stateFrom(const std::string &s) {
  if (s == "passed") return StepState::Passed;
  if (s == "failed") return StepState::Failed;
  return StepState::Skipped;
}

}  // namespace

std::string toString(StepState s) {
  switch (s) {
    case StepState::Passed: return "passed";
    case StepState::Failed: return "failed";
    default: return "skipped";
  }
}

namespace {

nlohmann::json testsJson(const TestsStep &t) {
  return {{"state", toString(t.state)}, {"summary", t.summary}, {"failed", t.failedTests},
          {"splats", t.splats}, {"timed_out", t.timedOut}, {"convention", t.convention},
          {"zone_device_api", t.api}};
}

TestsStep testsFromJson(const nlohmann::json &t) {
  TestsStep s;
  s.state = stateFrom(t.at("state"));
  s.summary = t.at("summary");
  s.failedTests = t.at("failed").get<std::vector<std::string>>();
  s.splats = t.at("splats").get<std::vector<std::string>>();
  s.timedOut = t.at("timed_out");
  // Absent in results cached before kconv recorded them.
  s.convention = t.value("convention", "");
  s.api = t.value("zone_device_api", "");
  return s;
}

}  // namespace

nlohmann::json toJson(const CommitResult &r) {
  nlohmann::json j = {{"commit", r.commit},
          {"subject", r.subject},
          {"tree", r.tree},
          {"parent", r.parent},
          {"findings", toJson(r.findings)},
          {"build", {{"state", toString(r.build.state)}, {"error", r.build.error},
                     {"log", r.build.log}}},
          {"tests", testsJson(r.tests)},
          {"checkpatch", {{"state", toString(r.checkpatch.state)},
                          {"errors", r.checkpatch.errors},
                          {"warnings", r.checkpatch.warnings},
                          {"messages", r.checkpatch.messages}}}};
  if (!r.messageId.empty()) j["message_id"] = r.messageId;
  for (const auto &[arch, b] : r.archBuilds)
    j["arch_builds"][arch] = {{"state", toString(b.state)}, {"error", b.error}, {"log", b.log}};
  for (const auto &[arch, t] : r.archTests) j["arch_tests"][arch] = testsJson(t);
  for (const auto &[arch, d] : r.archFindings) j["arch_findings"][arch] = toJson(d);
  if (!r.applyError.empty()) j["apply_error"] = r.applyError;
  return j;
}

std::vector<std::pair<std::string, Finding>> archOnlyAdded(const CommitResult &r) {
  std::set<std::string> seen;
  for (const Finding &f : r.findings.added) seen.insert(f.fingerprint);
  std::vector<std::pair<std::string, Finding>> out;
  for (const auto &[arch, d] : r.archFindings)
    for (const Finding &f : d.added)
      if (seen.insert(f.fingerprint).second) out.emplace_back(arch, f);
  return out;
}

CommitResult commitResultFromJson(const nlohmann::json &j) {
  CommitResult r;
  r.commit = j.at("commit");
  r.subject = j.at("subject");
  r.tree = j.at("tree");
  r.parent = j.at("parent");
  r.messageId = j.value("message_id", "");
  r.applyError = j.value("apply_error", "");
  if (j.contains("arch_builds"))
    for (const auto &[arch, b] : j.at("arch_builds").items())
      r.archBuilds[arch] = {stateFrom(b.at("state")), b.at("error"), b.at("log")};
  if (j.contains("arch_tests"))
    for (const auto &[arch, t] : j.at("arch_tests").items()) r.archTests[arch] = testsFromJson(t);
  if (j.contains("arch_findings"))
    for (const auto &[arch, d] : j.at("arch_findings").items()) r.archFindings[arch] = deltaFromJson(d);
  r.findings = deltaFromJson(j.at("findings"));
  const nlohmann::json &b = j.at("build");
  r.build = {stateFrom(b.at("state")), b.at("error"), b.at("log")};
  r.tests = testsFromJson(j.at("tests"));
  const nlohmann::json &c = j.at("checkpatch");
  r.checkpatch.state = stateFrom(c.at("state"));
  r.checkpatch.errors = c.at("errors");
  r.checkpatch.warnings = c.at("warnings");
  r.checkpatch.messages = c.at("messages").get<std::vector<std::string>>();
  return r;
}

}  // namespace kconv
