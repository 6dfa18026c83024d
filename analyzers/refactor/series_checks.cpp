#include "refactor/series_checks.h"

#include "kernel/tree_paths.h"

#include <filesystem>
#include <map>
#include <sstream>

#include "core/atomic_file.h"
#include "git/tree_diff.h"
#include "kernel/cache_dir.h"
#include "clang/tu_cache.h"
#include "scan/tree_api.h"

namespace fs = std::filesystem;

namespace kconv::refactor {

namespace {

std::string logStat(const git::Repository &repo, const WrittenSeries &w,
                    const std::vector<PlannedCommit> &commits, const SeriesIdentity &who) {
  std::ostringstream out;
  std::string parentTree = repo.commit(w.base).tree;
  for (size_t i = w.commits.size(); i-- > 0;) {
    std::string parent = i == 0 ? parentTree : w.trees[i - 1];
    out << "commit " << w.commits[i] << "\n"
        << "Author: " << who.author.name << " <" << who.author.email << ">\n\n";
    std::istringstream msg(commitMessage(commits[i], who));
    std::string line;
    while (std::getline(msg, line)) out << (line.empty() ? "" : "    ") << line << "\n";
    out << "\n" << git::diffStat(repo, parent, w.trees[i]) << "\n";
  }
  return out.str();
}

}  // namespace

unsigned SeriesOutcome::failedUnits() const {
  unsigned n = 0;
  for (const CommitCheck &c : compile) n += c.failed();
  return n;
}

unsigned SeriesOutcome::newWarnings() const {
  unsigned n = 0;
  for (const CommitCheck &c : compile) n += c.newWarnings();
  return n;
}

unsigned SeriesOutcome::checkpatchErrors() const {
  unsigned n = 0;
  for (const CheckpatchResult &r : checkpatch) n += r.errors < 0 ? 1 : r.errors;
  return n;
}

std::string checkoutDir(const Workspace &ws) { return ws.workDir + "/checkout"; }

const IncluderIndex &includerIndex(Workspace &ws) {
  std::unique_ptr<IncluderIndex> &slot = ws.includers;
  if (!slot) {
    ws.status("finding the includers of every header (dependency scan)");
    std::string key = shortHash(readFile(ws.build.compileDbPath) + '\0' + ws.base.tree, 16);
    // Through the scan's per-TU cache (same directory, same rule pack):
    // its pre-filter scanned the dependencies of every TU it selected, so
    // only the others are scanned here (without --paths: none).
    TuCache cache(ws.tuCacheDir, packForTreeAt(ws.rules, ws.tree.root), ws.tree.root);
    slot = std::make_unique<IncluderIndex>(ws.build.commands, ws.tree.root, ws.options->jobs,
                                           ws.cacheRoot + "/includers-" + key + ".json", &cache);
  }
  return *slot;
}

SeriesOutcome writeAndCheck(Workspace &ws, const std::vector<PlannedCommit> &commits) {
  const ProposeOptions &o = *ws.options;
  SeriesOutcome r;
  SeriesIdentity who = identityFor(*ws.repo, ws.base.id, o.signoff);
  r.author = who.author;
  r.signedOff = o.signoff;
  r.written = writeSeries(*ws.repo, ws.base.id, commits, who);
  git::setBranch(*ws.repo, o.branch, r.written.commits.back(), o.force);
  for (const PlannedCommit &c : commits) r.subjects.push_back(c.subject);
  r.log = logStat(*ws.repo, r.written, commits, who);
  ws.out() << "\nbranch " << o.branch << ": " << commits.size() << " commits on "
           << ws.base.id.substr(0, 12) << " (git log --stat " << ws.base.id.substr(0, 12) << ".."
           << o.branch << "):\n\n"
           << r.log;
  writeFileAtomically(ws.outDir + "/git-log-stat.txt", r.log);

  r.patchFiles = git::formatPatches(ws.repo->workdir(), ws.base.id, r.written.commits.back(),
                               ws.outDir + "/patches");
  nlohmann::json cp = nlohmann::json::array();
  // Without --signoff the Signed-off-by is the user's to add: kconv signs
  // nothing on anyone's behalf, so checkpatch is not asked for it.
  std::vector<std::string> ignore;
  if (!o.signoff) ignore.push_back("MISSING_SIGN_OFF");
  ws.out() << "\ncheckpatch.pl on git format-patch output"
           << (o.signoff ? "" : " (MISSING_SIGN_OFF ignored: no --signoff)") << ":\n";
  for (const std::string &p : r.patchFiles) {
    r.checkpatch.push_back(runCheckpatch(ws.tree.root, p, ignore));
    const CheckpatchResult &c = r.checkpatch.back();
    ws.out() << "  " << c.patch << ": " << c.errors << " errors, " << c.warnings << " warnings\n";
    for (const std::string &m : c.messages) ws.out() << "      " << m << "\n";
    cp.push_back(toJson(c));
  }
  writeFileAtomically(ws.outDir + "/checkpatch.json", cp.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  if (!o.check) return r;

  r.checked = true;
  CompileCheckOptions cc;
  cc.jobs = o.jobs;
  cc.includerPaths = o.checkPaths;
  cc.proveHeaders = o.proveHeaders;
  for (const FailedUnit &u : ws.scan.coverage.failedUnits)
    cc.poorWitnesses.insert(treeRelative(u.file, ws.tree.root));
  cc.cacheDir = ws.cacheRoot + "/compile-check";
  cc.checkoutDir = checkoutDir(ws);
  cc.salt = shortHash(readFile(ws.build.compileDbPath), 16) + "|" + ws.build.buildDir;
  cc.status = o.status;
  cc.progress = o.progress;
  const IncluderIndex &index = includerIndex(ws);
  r.compile = checkSeriesCompiles(*ws.repo, r.written, r.subjects, ws.build.commands,
                                  ws.tree.root, index, cc);
  if (o.progressDone) o.progressDone();
  nlohmann::json cj = nlohmann::json::array();
  ws.out() << "\ncompile check (exact commands of the " << ws.build.configName
           << " configuration, clang -fsyntax-only, each commit in a scratch checkout):\n";
  for (size_t i = 0; i < r.compile.size(); ++i) {
    const CommitCheck &c = r.compile[i];
    ws.out() << "  [" << i + 1 << "/" << r.compile.size() << "] " << c.commit.substr(0, 12)
             << " " << c.subject << "\n      " << summary(c) << "\n";
    for (const UnitCheck &u : c.units) {
      if (!u.ok)
        ws.out() << (u.failsAtParent ? "      fails at the parent too " : "      FAILED ") << u.file
                 << ": " << u.error << "\n";
      for (const std::string &w : u.newWarnings) ws.out() << "      new warning " << w << "\n";
    }
    cj.push_back(toJson(c));
  }
  writeFileAtomically(ws.outDir + "/compile-check.json", cj.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  return r;
}

}  // namespace kconv::refactor
