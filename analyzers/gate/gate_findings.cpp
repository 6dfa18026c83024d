#include "gate/gate_findings.h"

#include <map>
#include <set>
#include <utility>

#include "clang/tu_cache.h"
#include "kernel/command_relocate.h"
#include "scan/tree_api.h"
#include "kernel/tree_paths.h"
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

SeriesAnalysis::Units SeriesAnalysis::affectedUnits(const std::vector<std::string> &changed,
                                                    const std::vector<std::string> &confined) {
  SelectionPolicy policy;
  policy.paths = options_.paths;
  policy.pathsLimitTouched = true;
  // The includer index is built on first need: a series of .c changes only
  // never pays for it.
  IncludersOf includersOf = [&](const std::string &f) {
    if (!index_) {
      // Through the engine's per-TU cache: the findings' pre-filter then
      // finds every reader's dependencies there instead of scanning again.
      TuCache cache(options_.tuCacheDir, packForTreeAt(rules_, checkoutDir_), checkoutDir_);
      index_ = std::make_unique<IncluderIndex>(commands_, checkoutDir_, options_.jobs,
                                               options_.includerCacheFile, &cache);
    }
    return index_->includersOf(f);
  };
  UnitSelection chosen = selectUnits(changed, *sources_, includersOf, policy);
  Units out;
  out.unanalysed = std::move(chosen.unread);
  out.outsidePaths = chosen.outsidePaths;
  if (confined.empty()) {
    for (const auto &[i, why] : chosen.units) out.commands.push_back(i);
    return out;
  }
  // The same TUs, split: those a non-confined change reaches are analysed
  // whole, the others only for the confined headers' sites.
  std::set<std::string> shortcut(confined.begin(), confined.end());
  std::vector<std::string> rest;
  for (const std::string &f : changed)
    if (!shortcut.count(f)) rest.push_back(f);
  UnitSelection whole = selectUnits(rest, *sources_, includersOf, policy);
  for (const auto &[i, why] : chosen.units)
    (whole.units.count(i) ? out.commands : out.headerReaders).push_back(i);
  out.confinedHeaders = confined;
  return out;
}

namespace {

// One site: where and which rule (as the Clang engine merges them).
using SiteKey = std::pair<Location, std::string>;
SiteKey siteKey(const Finding &f) { return {f.location, f.rule}; }

}  // namespace

bool shortcutBroke(const SeriesAnalysis::Findings &before, const SeriesAnalysis::Findings &after) {
  if (after.movedRefuted) return true;
  for (const std::string &f : after.headerFailures)
    if (!before.failedFiles.count(f)) return true;
  return false;
}

SeriesAnalysis::Findings SeriesAnalysis::findingsOf(const Units &units,
                                                    const MovedSites *moved) const {
  Findings out;
  ScanEngines scan;
  scan.jobs = options_.jobs;
  // A header many TUs include brings thousands of includers; the
  // pre-filter parses only those that can hold a finding (same findings).
  scan.prefilter = true;
  scan.cacheDir = options_.tuCacheDir;
  // A confined header keeps every TU's dependencies: the parent's are
  // still true at the commit, no TU is dependency-scanned twice.
  for (const std::string &h : units.confinedHeaders)
    scan.dependencyNeutral.insert(checkoutDir_ + "/" + h);
  std::set<SiteKey> seen;
  auto add = [&](UnitScan &&r, bool forHeaders) {
    for (Finding &f : r.findings)
      if (seen.insert(siteKey(f)).second) out.findings.push_back(std::move(f));
    out.parsed += r.parsed;
    out.failed += r.failed;
    for (auto &[file, why] : r.failedFiles) {
      if (forHeaders) out.headerFailures.insert(file);
      out.failedFiles.emplace(file, why);
    }
  };
  auto commandsOf = [&](const std::vector<size_t> &indices) {
    std::vector<CompileCommand> selected;
    for (size_t i : indices) selected.push_back(commands_[i]);
    return selected;
  };
  if (!units.commands.empty())
    add(scanUnits(commandsOf(units.commands), rules_, checkoutDir_, scan), false);
  if (!units.headerReaders.empty()) {
    // The confined headers' own sites: the pre-filter parses one reader
    // per preprocessor context where a header holds a trigger; a header
    // whose changed items hold no site has the parent's sites, moved.
    std::vector<std::string> parsedHeaders;
    for (const std::string &h : units.confinedHeaders)
      if (!moved || !moved->maps->count(h)) parsedHeaders.push_back(h);
    if (!parsedHeaders.empty()) {
      ScanEngines headers = scan;
      headers.paths = parsedHeaders;
      // Any reader of a context gives the header's sites there: at the
      // parent, one the user's scan left cached costs nothing.
      headers.preferCached = true;
      UnitScan r = scanUnits(commandsOf(units.headerReaders), rules_, checkoutDir_, headers);
      out.headerParsed += r.parsed + r.failed - r.fromCache;  // parsed by this run
      add(std::move(r), true);
    }
    std::set<SiteKey> movedKeys;
    if (moved) {
      UnitScan shifted;
      for (const Finding &f : moved->parent->findings) {
        auto map = moved->maps->find(f.location.file);
        if (map == moved->maps->end()) continue;
        std::optional<unsigned> line = map->second.map(f.location.line);
        if (!line) {
          out.movedRefuted = true;
          continue;
        }
        Finding g = f;
        g.location.line = *line;
        movedKeys.insert(siteKey(g));
        shifted.findings.push_back(std::move(g));
      }
      add(std::move(shifted), true);
    }
    // And one reader parsed whole whatever the header holds, so that new
    // lines that do not compile are seen (shortcutBroke) and not taken for
    // a header without sites.
    ScanEngines probe = scan;
    probe.prefilter = false;
    UnitScan p = scanUnits(commandsOf({units.headerReaders.front()}), rules_, checkoutDir_, probe);
    std::vector<Finding> own;
    for (Finding &f : p.findings) {
      if (!underPaths(f.location.file, units.confinedHeaders)) continue;
      // The probe checks the moved sites in its own context.
      if (moved && moved->maps->count(f.location.file) && !movedKeys.count(siteKey(f)))
        out.movedRefuted = true;
      own.push_back(std::move(f));
    }
    p.findings = std::move(own);
    ++out.headerParsed;
    add(std::move(p), true);
  }
  sortFindings(out.findings);
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
  d.units = static_cast<unsigned>(units.commands.size() + units.headerReaders.size());
  d.failedUnits = after.failed;
  d.unanalysed = units.unanalysed;
  d.unitsOutsidePaths = units.outsidePaths;
  d.confinedHeaders = units.confinedHeaders;
  d.headerReaders = static_cast<unsigned>(units.headerReaders.size());
  d.headerParsed = after.headerParsed;
  d.headerParsedAtParent = before.headerParsed;
  for (const auto &[file, why] : skip) d.notCompared.push_back(why);
  return d;
}

}  // namespace kconv
