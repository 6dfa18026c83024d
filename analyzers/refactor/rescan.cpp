#include "refactor/rescan.h"

#include <map>
#include <set>

#include "kernel/command_relocate.h"
#include "scan/affected_units.h"
#include "scan/scan_service.h"

namespace kconv::refactor {

Rescan rescanChanged(const std::vector<Finding> &before, const std::vector<std::string> &changed,
                     const std::vector<CompileCommand> &db, const std::string &treeRoot,
                     const std::string &checkoutDir, const IncluderIndex &index,
                     const RulePack &rules, unsigned jobs, const std::string &cacheDir) {
  SourceUnits sources(db, treeRoot);
  SelectionPolicy policy;
  policy.oneIncluder = true;
  UnitSelection chosen = selectUnits(
      changed, sources, [&](const std::string &f) { return index.includersOf(f); }, policy);
  Rescan out;
  out.unscanned = std::move(chosen.unread);
  std::vector<CompileCommand> commands;
  for (const auto &[i, why] : chosen.units)
    commands.push_back(relocateCommand(db[i], treeRoot, checkoutDir));

  ScanEngines scan;
  scan.jobs = jobs;
  scan.prefilter = false;  // a handful of TUs, all of which matter
  scan.cacheDir = cacheDir;
  UnitScan found = scanUnits(commands, rules, checkoutDir, scan);
  out.parsed = found.parsed;
  out.failed = found.failed;

  std::set<std::string> changedSet(changed.begin(), changed.end());
  for (const Finding &f : before)
    if (!changedSet.count(f.location.file)) out.findings.push_back(f);
  for (Finding &f : found.findings)
    if (changedSet.count(f.location.file)) out.findings.push_back(std::move(f));
  sortFindings(out.findings);
  return out;
}

}  // namespace kconv::refactor
