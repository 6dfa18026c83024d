#include "gate/gate_result.h"

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

nlohmann::json toJson(const CommitResult &r) {
  nlohmann::json j = {{"commit", r.commit},
          {"subject", r.subject},
          {"tree", r.tree},
          {"parent", r.parent},
          {"findings", toJson(r.findings)},
          {"build", {{"state", toString(r.build.state)}, {"error", r.build.error},
                     {"log", r.build.log}}},
          {"tests", {{"state", toString(r.tests.state)}, {"summary", r.tests.summary},
                     {"failed", r.tests.failedTests}, {"splats", r.tests.splats},
                     {"timed_out", r.tests.timedOut}}},
          {"checkpatch", {{"state", toString(r.checkpatch.state)},
                          {"errors", r.checkpatch.errors},
                          {"warnings", r.checkpatch.warnings},
                          {"messages", r.checkpatch.messages}}}};
  if (!r.messageId.empty()) j["message_id"] = r.messageId;
  for (const auto &[arch, b] : r.archBuilds)
    j["arch_builds"][arch] = {{"state", toString(b.state)}, {"error", b.error}, {"log", b.log}};
  if (!r.applyError.empty()) j["apply_error"] = r.applyError;
  return j;
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
  r.findings = deltaFromJson(j.at("findings"));
  const nlohmann::json &b = j.at("build");
  r.build = {stateFrom(b.at("state")), b.at("error"), b.at("log")};
  const nlohmann::json &t = j.at("tests");
  r.tests.state = stateFrom(t.at("state"));
  r.tests.summary = t.at("summary");
  r.tests.failedTests = t.at("failed").get<std::vector<std::string>>();
  r.tests.splats = t.at("splats").get<std::vector<std::string>>();
  r.tests.timedOut = t.at("timed_out");
  const nlohmann::json &c = j.at("checkpatch");
  r.checkpatch.state = stateFrom(c.at("state"));
  r.checkpatch.errors = c.at("errors");
  r.checkpatch.warnings = c.at("warnings");
  r.checkpatch.messages = c.at("messages").get<std::vector<std::string>>();
  return r;
}

}  // namespace kconv
