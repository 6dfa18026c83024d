#include "gate/gate_report.h"
#include "core/text_escape.h"

namespace kconv {

std::optional<size_t> GateReport::firstBad() const {
  for (size_t i = 0; i < verdicts.size(); ++i)
    if (!verdicts[i].pass) return i;
  return std::nullopt;
}

bool GateReport::passed() const {
  return !interrupted && commits.size() == seriesLength && !firstBad();
}

std::string GateReport::verdict() const {
  if (firstBad()) return "fail";
  return passed() ? "pass" : "interrupted";
}

void judgeSeries(GateReport &report) {
  report.converted = convertedCategories(report.commits, report.policy);
  report.verdicts.clear();
  for (const CommitResult &r : report.commits)
    report.verdicts.push_back(judge(r, report.policy, report.converted));
}

std::string commitReference(const std::string &id, const std::string &subject) {
  // A subject is the series author's text (a mailbox's, decoded from
  // RFC 2047): no control byte reaches a terminal, a report or a mail.
  return id.substr(0, 12) + " (\"" + escapeLine(subject) + "\")";
}

nlohmann::json toJson(const GateReport &report) {
  nlohmann::json commits = nlohmann::json::array();
  for (size_t i = 0; i < report.commits.size(); ++i) {
    nlohmann::json c = toJson(report.commits[i]);
    c["verdict"] = report.verdicts[i].pass ? "pass" : "fail";
    c["reasons"] = report.verdicts[i].reasons;
    commits.push_back(std::move(c));
  }
  nlohmann::json firstBad = nullptr;
  if (auto bad = report.firstBad())
    firstBad = {{"commit", report.commits[*bad].commit},
                {"subject", report.commits[*bad].subject},
                {"index", *bad + 1}};
  // Commits an interrupted run did not reach, and the patches after one
  // that did not apply.
  std::string archList = report.hostArch;
  for (const std::string &a : report.crossArches) archList += "," + a;
  nlohmann::json notRun = nlohmann::json::array();
  for (const auto &[id, subject] : report.notRun) notRun.push_back({{"commit", id}, {"subject", subject}});
  return {{"tool", "kconv"},
          {"version", KCONV_VERSION},
          {"range", report.range},
          {"base", {{"commit", report.base}, {"subject", report.baseSubject}}},
          {"tree", {{"path", report.tree}, {"kernel", report.kernelVersion},
                    {"arch", archList}, {"unbuilt_arches", report.unbuiltArches},
                    {"scan_config", report.scanConfig},
                    {"findings_paths", report.findingsPaths},
                    {"test_config", report.testConfig}, {"compiler", report.compiler}}},
          {"steps", {{"build", report.build}, {"boot", report.boot}}},
          {"policy", toJson(report.policy)},
          {"converted_categories", report.converted},
          {"reproduce", report.reproduce},
          {"series_length", report.seriesLength},
          {"interrupted", report.interrupted},
          {"verdict", report.verdict()},
          {"first_bad_commit", firstBad},
          {"commits", commits},
          {"not_run", notRun}};
}

}  // namespace kconv
