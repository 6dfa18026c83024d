#include "gate/gate_findings.h"

#include <map>
#include <set>

#include "kernel/command_relocate.h"
#include "scan/scan_service.h"

namespace kconv {

SeriesAnalysis::SeriesAnalysis(const KernelTree &tree, const PreparedBuild &build,
                               const RulePack &rules, std::string checkoutDir,
                               AnalysisOptions options)
    : rules_(rules), checkoutDir_(std::move(checkoutDir)), options_(std::move(options)) {
  for (const CompileCommand &c : build.commands)
    commands_.push_back(relocateCommand(c, tree.root, checkoutDir_));
  sources_ = std::make_unique<SourceUnits>(commands_, checkoutDir_);
}

SeriesAnalysis::~SeriesAnalysis() = default;

SeriesAnalysis::Units SeriesAnalysis::affectedUnits(const std::vector<std::string> &changed) {
  SelectionPolicy policy;
  policy.paths = options_.paths;
  policy.pathsLimitTouched = true;
  // The includer index is built on first need: a series of .c changes only
  // never pays for it.
  IncludersOf includersOf = [&](const std::string &f) {
    if (!index_)
      index_ = std::make_unique<IncluderIndex>(commands_, checkoutDir_, options_.jobs,
                                               options_.includerCacheFile);
    return index_->includersOf(f);
  };
  UnitSelection chosen = selectUnits(changed, *sources_, includersOf, policy);
  Units out;
  for (const auto &[i, why] : chosen.units) out.commands.push_back(i);
  out.unanalysed = std::move(chosen.unread);
  out.outsidePaths = chosen.outsidePaths;
  return out;
}

SeriesAnalysis::Findings SeriesAnalysis::findingsOf(const Units &units) const {
  Findings out;
  if (units.commands.empty()) return out;
  std::vector<CompileCommand> selected;
  for (size_t i : units.commands) selected.push_back(commands_[i]);
  ScanEngines scan;
  scan.jobs = options_.jobs;
  // A header many TUs include brings thousands of includers; the
  // pre-filter parses only those that can hold a finding (same findings).
  scan.prefilter = true;
  scan.cacheDir = options_.tuCacheDir;
  UnitScan r = scanUnits(selected, rules_, checkoutDir_, scan);
  out.findings = std::move(r.findings);
  out.parsed = r.parsed;
  out.failed = r.failed;
  out.failedFiles = std::move(r.failedFiles);
  finishFindings(out.findings, rules_);
  return out;
}

FindingsDelta commitDelta(const SeriesAnalysis::Units &units,
                          const SeriesAnalysis::Findings &before,
                          const SeriesAnalysis::Findings &after) {
  // A TU that does not parse on one side reports nothing there: its sites
  // would all look removed (or, after a broken parent, all new). Leave its
  // file out of the comparison on both sides and say so.
  std::map<std::string, std::string> skip;
  for (const auto &[file, why] : before.failedFiles)
    skip[file] = file + ": does not parse at the parent: " + why;
  for (const auto &[file, why] : after.failedFiles)
    skip[file] = file + ": does not parse at the commit: " + why;
  auto compared = [&](const std::vector<Finding> &all) {
    std::vector<Finding> out;
    for (const Finding &f : all)
      if (!skip.count(f.location.file)) out.push_back(f);
    return out;
  };
  FindingsDelta d = diffFindings(compared(before.findings), compared(after.findings));
  d.units = static_cast<unsigned>(units.commands.size());
  d.failedUnits = after.failed;
  d.unanalysed = units.unanalysed;
  d.unitsOutsidePaths = units.outsidePaths;
  for (const auto &[file, why] : skip) d.notCompared.push_back(why);
  return d;
}

}  // namespace kconv
