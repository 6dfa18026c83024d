#include "refactor/rescan.h"

#include <map>
#include <set>

#include "clang/clang_engine.h"
#include "refactor/command_relocate.h"

namespace kconv::refactor {

Rescan rescanChanged(const std::vector<Finding> &before, const std::vector<std::string> &changed,
                     const std::vector<CompileCommand> &db, const std::string &treeRoot,
                     const std::string &checkoutDir, const IncluderIndex &index,
                     const RulePack &rules, unsigned jobs, const std::string &cacheDir) {
  std::string root = treeRoot.back() == '/' ? treeRoot : treeRoot + "/";
  std::map<std::string, size_t> bySource;
  for (size_t i = 0; i < db.size(); ++i)
    if (db[i].file.compare(0, root.size(), root) == 0) bySource[db[i].file.substr(root.size())] = i;

  Rescan out;
  std::set<size_t> chosen;
  for (const std::string &f : changed)
    if (bySource.count(f)) chosen.insert(bySource[f]);
  for (const std::string &f : changed) {
    if (bySource.count(f)) continue;
    std::vector<size_t> includers = index.includersOf(f);
    bool covered = false;
    for (size_t i : includers) covered = covered || chosen.count(i);
    if (!covered && !includers.empty()) chosen.insert(includers.front());
    if (includers.empty()) out.unscanned.push_back(f);
  }
  std::vector<CompileCommand> commands;
  for (size_t i : chosen) commands.push_back(relocateCommand(db[i], treeRoot, checkoutDir));

  EngineOptions options;
  options.jobs = jobs;
  options.prefilter = false;  // a handful of TUs, all of which matter
  options.cacheDir = cacheDir;
  EngineResult found = runClangEngine(commands, rules, checkoutDir, options);
  out.parsed = found.coverage.parsed;
  out.failed = found.coverage.failed;

  std::set<std::string> changedSet(changed.begin(), changed.end());
  for (const Finding &f : before)
    if (!changedSet.count(f.location.file)) out.findings.push_back(f);
  for (Finding &f : found.findings)
    if (changedSet.count(f.location.file)) out.findings.push_back(std::move(f));
  sortFindings(out.findings);
  return out;
}

}  // namespace kconv::refactor
