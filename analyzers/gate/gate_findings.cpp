#include "gate/gate_findings.h"

#include <map>
#include <set>

#include "clang/clang_engine.h"
#include "core/classifier.h"
#include "refactor/command_relocate.h"

namespace kconv {

SeriesAnalysis::SeriesAnalysis(const KernelTree &tree, const PreparedBuild &build,
                               const RulePack &rules, std::string checkoutDir,
                               AnalysisOptions options)
    : rules_(rules), checkoutDir_(std::move(checkoutDir)), options_(std::move(options)) {
  for (const CompileCommand &c : build.commands)
    commands_.push_back(refactor::relocateCommand(c, tree.root, checkoutDir_));
  std::string root = checkoutDir_ + "/";
  for (const CompileCommand &c : commands_) {
    std::string rel = c.file.compare(0, root.size(), root) == 0 ? c.file.substr(root.size()) : c.file;
    underPaths_.push_back(underPaths(rel, options_.paths));
  }
}

SeriesAnalysis::~SeriesAnalysis() = default;

SeriesAnalysis::Units SeriesAnalysis::affectedUnits(const std::vector<std::string> &changed) {
  std::string root = checkoutDir_ + "/";
  std::map<std::string, size_t> bySource;
  for (size_t i = 0; i < commands_.size(); ++i)
    if (commands_[i].file.compare(0, root.size(), root) == 0)
      bySource[commands_[i].file.substr(root.size())] = i;
  Units out;
  std::set<size_t> chosen;
  for (const std::string &f : changed) {
    if (auto it = bySource.find(f); it != bySource.end()) {
      chosen.insert(it->second);
      continue;
    }
    // Not a TU of its own: a header, or a .c file another one includes.
    if (!index_)
      index_ = std::make_unique<refactor::IncluderIndex>(commands_, checkoutDir_, options_.jobs,
                                                          options_.includerCacheFile);
    std::vector<size_t> includers = index_->includersOf(f);
    chosen.insert(includers.begin(), includers.end());
    bool source = f.size() > 2 && (f.compare(f.size() - 2, 2, ".c") == 0 ||
                                   f.compare(f.size() - 2, 2, ".h") == 0);
    if (includers.empty() && source) out.unanalysed.push_back(f);
  }
  for (size_t i : chosen) {
    if (underPaths_[i]) out.commands.push_back(i);
    else ++out.outsidePaths;
  }
  return out;
}

SeriesAnalysis::Findings SeriesAnalysis::findingsOf(const Units &units) const {
  Findings out;
  if (units.commands.empty()) return out;
  std::vector<CompileCommand> selected;
  for (size_t i : units.commands) selected.push_back(commands_[i]);
  EngineOptions engine;
  engine.jobs = options_.jobs;
  // A header many TUs include brings thousands of includers; the
  // pre-filter parses only those that can hold a finding (same findings).
  engine.prefilter = true;
  engine.cacheDir = options_.tuCacheDir;
  EngineResult r = runClangEngine(selected, rules_, checkoutDir_, engine);
  out.findings = std::move(r.findings);
  out.parsed = r.coverage.parsed;
  out.failed = r.coverage.failed;
  std::string root = checkoutDir_ + "/";
  for (const FailedUnit &u : r.coverage.failedUnits)
    out.failedFiles[u.file.compare(0, root.size(), root) == 0 ? u.file.substr(root.size())
                                                               : u.file] = u.reason;
  classifyFindings(out.findings, rules_);
  assignFingerprints(out.findings);
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
