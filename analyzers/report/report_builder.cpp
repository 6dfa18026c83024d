#include "report/report_builder.h"

#include "report/conversion_report.h"
#include "report/progress_report.h"
#include "report/subsystems.h"

namespace kconv {

namespace {

// Facts about the findings that weaken a figure without making it wrong.
void noteFindingsProblems(const std::vector<LoadedFindings> &all,
                          std::vector<InputProblem> &problems) {
  for (const LoadedFindings &f : all)
    if (f.source.failed)
      problems.push_back({f.source.path, std::to_string(f.source.failed) +
                                             " translation units failed to parse: sites in "
                                             "them are missing from this report"});
  const TreeInfo &last = all.back().source.tree;
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    const TreeInfo &t = all[i].source.tree;
    if (t.arch != last.arch || t.config != last.config)
      problems.push_back({all[i].source.path, "scanned for " + t.arch + "/" + t.config + ", " +
                                                  all.back().source.path + " for " + last.arch +
                                                  "/" + last.config +
                                                  ": progress mixes configuration changes"});
  }
}

}  // namespace

Report buildReport(const ReportInputs &in) {
  Report report;
  SubsystemResolver subsystems(in.maintainers, in.treeRoot);
  const LoadedFindings &last = in.findings.back();
  report.conversion = buildConversionReport(last.scan, last.source, subsystems, in.rules);
  report.conversion.maintainersPath = in.maintainers.path;
  for (size_t i = 1; i < in.findings.size(); ++i)
    report.progress.push_back(buildProgressReport(in.findings[0].scan, in.findings[0].source,
                                                  in.findings[i].scan, in.findings[i].source,
                                                  subsystems, in.rules));
  report.problems = subsystems.problems();
  noteFindingsProblems(in.findings, report.problems);
  return report;
}

}  // namespace kconv
