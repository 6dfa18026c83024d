#include "gate/gate_table.h"
#include "core/text_escape.h"

#include <cstdio>
#include <sstream>

namespace kconv {

namespace {

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string stepCell(StepState s, const std::string &passed = "ok") {
  switch (s) {
    case StepState::Passed: return passed;
    case StepState::Failed: return "FAIL";
    default: return "-";
  }
}

}  // namespace

std::string formatSeconds(double seconds) {
  char buf[32];
  if (seconds < 60)
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  else
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
  return buf;
}

std::string gateTableHeader(bool withTimes) {
  std::string h = pad("#", 6) + pad("commit", 14) + pad("findings", 13) + pad("build", 7) +
                  pad("tests", 7) + pad("chkpatch", 10) + pad("verdict", 9);
  if (withTimes) h += pad("time", 10);
  return h + "subject\n";
}

std::string gateRow(size_t index, size_t total, const CommitResult &r, const Verdict &v,
                    bool withTimes) {
  const FindingsDelta &d = r.findings;
  std::string findings = "+" + std::to_string(d.added.size()) + " -" +
                         std::to_string(d.removed.size()) + " ~" + std::to_string(d.moved.size());
  std::string checkpatch = r.checkpatch.state == StepState::Skipped
                               ? "-"
                               : std::to_string(r.checkpatch.errors) + "E/" +
                                     std::to_string(r.checkpatch.warnings) + "W";
  // Likewise one tests column for every architecture booted.
  std::string tests = r.tests.timedOut ? "HANG" : stepCell(r.tests.state);
  for (const auto &[arch, t] : r.archTests)
    if (t.timedOut && tests != "HANG") tests = "HANG";
    else if (t.state == StepState::Failed && tests != "HANG") tests = "FAIL";
  // One column for every architecture built: FAIL when any failed (the
  // reason lines below name which).
  std::string build = stepCell(r.build.state);
  for (const auto &[arch, b] : r.archBuilds)
    if (b.state == StepState::Failed) build = "FAIL";
  std::string row = pad(std::to_string(index + 1) + "/" + std::to_string(total), 6) +
                    pad(r.commit.substr(0, 12), 14) + pad(findings, 13) +
                    pad(build, 7) + pad(tests, 7) + pad(checkpatch, 10) +
                    pad(v.pass ? "PASS" : "FAIL", 9);
  if (withTimes) row += pad(r.cached ? "cached" : formatSeconds(r.seconds.total), 10);
  row += escapeLine(r.subject) + "\n";
  for (const Finding &f : d.added) row += ">> " + findingLine(f) + "\n";
  for (const auto &[arch, f] : archOnlyAdded(r)) row += ">> [" + arch + "] " + findingLine(f) + "\n";
  for (const std::string &reason : v.reasons) row += "   " + escapeLine(reason) + "\n";
  return row;
}

std::string firstBadLine(const GateReport &report) {
  if (auto bad = report.firstBad())
    return "first bad commit: " +
           commitReference(report.commits[*bad].commit, report.commits[*bad].subject) + "\n";
  if (report.interrupted) return "interrupted: no bad commit among those checked\n";
  return "no bad commit\n";
}

std::string unbuiltArchLines(const GateReport &report) {
  std::string out;
  for (const auto &[arch, error] : report.unbuiltArches)
    out += "not gated on " + arch + ": the base does not build (" + escapeLine(error) + ")\n";
  return out;
}

std::string gateTable(const GateReport &report, bool withTimes) {
  std::ostringstream out;
  out << unbuiltArchLines(report) << gateTableHeader(withTimes);
  for (size_t i = 0; i < report.commits.size(); ++i)
    out << gateRow(i, report.seriesLength, report.commits[i], report.verdicts[i], withTimes);
  out << firstBadLine(report);
  return out.str();
}

}  // namespace kconv
