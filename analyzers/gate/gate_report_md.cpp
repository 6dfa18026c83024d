#include "gate/gate_report_md.h"

#include <cctype>
#include <sstream>

#include "gate/gate_table.h"
#include "core/text_escape.h"

namespace kconv {

namespace {

void commitSection(std::ostream &out, size_t i, const GateReport &report) {
  const CommitResult &r = report.commits[i];
  const Verdict &v = report.verdicts[i];
  out << "\n### [" << i + 1 << "/" << report.seriesLength << "] "
      << commitReference(r.commit, r.subject) << ": " << (v.pass ? "PASS" : "FAIL") << "\n\n";
  for (const std::string &reason : v.reasons) out << "- " << escapeLine(reason) << "\n";
  if (!v.reasons.empty()) out << "\n";
  if (!r.applyError.empty())
    out << "git apply said:\n\n```\n" << escapeControls(r.applyError) << "\n```\n\n";
  auto archOnly = archOnlyAdded(r);
  if (!r.findings.added.empty() || !archOnly.empty()) {
    out << "New findings:\n\n```\n";
    for (const Finding &f : r.findings.added) out << ">> " << findingLine(f) << "\n";
    for (const auto &[arch, f] : archOnly) out << ">> [" << arch << "] " << findingLine(f) << "\n";
    out << "```\n\n";
  }
  if (!r.findings.removed.empty())
    out << "Removed findings: " << r.findings.removed.size() << "\n\n";
  auto tests = [&](const TestsStep &t, const std::string &arch) {
    if (t.failedTests.empty() && t.splats.empty()) return;
    out << "Failing tests and splats" << (arch.empty() ? "" : " (" + arch + ")") << ":\n\n```\n";
    for (const std::string &name : t.failedTests) out << escapeControls(name) << "\n";
    for (const std::string &s : t.splats) out << escapeControls(s) << "\n";
    out << "```\n\n";
  };
  tests(r.tests, "");
  for (const auto &[arch, t] : r.archTests) tests(t, arch);
  if (r.build.state == StepState::Failed)
    out << "Build log: `" << r.build.log << "` (in the report directory)\n\n";
  for (const auto &[arch, b] : r.archBuilds)
    if (b.state == StepState::Failed)
      out << "Build log (" << arch << "): `" << b.log << "` (in the report directory)\n\n";
  if (!r.checkpatch.messages.empty()) {
    out << "checkpatch.pl: " << r.checkpatch.errors << " errors, " << r.checkpatch.warnings
        << " warnings\n\n```\n";
    for (const std::string &m : r.checkpatch.messages) out << m << "\n";
    out << "```\n\n";
  }
}

std::string joinPaths(const std::vector<std::string> &paths) {
  std::string out;
  for (const std::string &p : paths) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace

std::string gateMarkdown(const GateReport &report) {
  std::ostringstream out;
  std::string verdict = report.verdict();
  for (char &c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out << "## kconv gate: " << report.range << ": " << verdict << "\n\n"
      << "- base: " << commitReference(report.base, report.baseSubject) << "\n"
      << "- tree: Linux " << report.kernelVersion << ", " << report.hostArch;
  for (const std::string &a : report.crossArches) out << ", " << a;
  out << "\n";
  for (const auto &[arch, error] : report.unbuiltArches)
    out << "- not gated on " << arch << ": the base does not build (" << escapeLine(error) << ")\n";
  out
      << "- config: " << report.testConfig << " (kernel build and QEMU tests), "
      << report.scanConfig << " (findings"
      << (report.findingsPaths.empty() ? std::string() : ", TUs under " + joinPaths(report.findingsPaths) + " only")
      << ")\n"
      << "- compiler: " << report.compiler << "\n"
      << "- steps: findings delta, checkpatch" << (report.build ? ", build" : "")
      << (report.boot ? ", boot + refcount tests" : "") << "\n"
      << "- converted categories: ";
  std::string sep;
  for (const std::string &c : report.converted) out << sep << c, sep = ", ";
  if (report.converted.empty()) out << "(none)";
  out << "\n\nReproduce:\n\n```\n" << report.reproduce << "\n```\n\n";
  if (auto bad = report.firstBad())
    out << "First bad commit: "
        << commitReference(report.commits[*bad].commit, report.commits[*bad].subject) << "\n\n";
  if (report.interrupted)
    out << "Interrupted after " << report.commits.size() << " of " << report.seriesLength
        << " commits.\n\n";
  out << "```\n" << gateTable(report, false) << "```\n";
  for (size_t i = 0; i < report.commits.size(); ++i)
    if (!report.verdicts[i].pass || !report.commits[i].findings.added.empty())
      commitSection(out, i, report);
  return out.str();
}

}  // namespace kconv
