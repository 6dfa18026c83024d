#include "refactor/workspace.h"

#include <filesystem>

#include "core/errors.h"
#include "kernel/cache_dir.h"
#include "kernel/tree_paths.h"
#include "scan/scan_service.h"

namespace fs = std::filesystem;

namespace kconv::refactor {

std::optional<std::string> Workspace::readBase(const std::string &path) const {
  return repo->readFile(base.tree, path);
}

Workspace openWorkspace(const ProposeOptions &o) {
  Workspace ws;
  if (o.tree.empty())
    throw InputError("--tree DIR is needed: a git repository of a kernel tree (propose writes a branch)");
  ws.repo = std::make_unique<git::Repository>(git::Repository::open(o.tree));
  std::string dirty = ws.repo->firstDirtyPath();
  if (!dirty.empty())
    throw InputError("the work tree of " + o.tree + " is not clean (" + dirty +
                     "); commit or stash first: the series is built on HEAD");
  ws.base = ws.repo->commit("HEAD");
  ws.tree = detectKernelTree(ws.repo->workdir());
  auto resolved = std::make_shared<ProposeOptions>(o);
  resolved->paths = resolveTreePaths(ws.tree.root, o.paths);
  resolved->checkPaths = resolveTreePaths(ws.tree.root, o.checkPaths, "--check-paths");
  ws.options = resolved;
  ws.rules = loadRulePack(o.rules.empty() ? dataDir() + "/rules" : o.rules);

  ws.cacheRoot = cacheDir() + "/propose";
  ws.tuCacheDir = cacheDir() + "/results";
  ws.workDir = ws.cacheRoot + "/" + shortHash(ws.tree.root, 12);
  ws.outDir = o.out.empty() ? ws.workDir + "/" + o.refactor : fs::absolute(o.out).string();
  if (insideDirectory(ws.outDir, ws.tree.root))
    throw InputError("--out " + ws.outDir + " is inside the tree; propose never writes there");
  fs::create_directories(ws.outDir);
  fs::create_directories(ws.workDir);

  PrepareOptions prepare;
  prepare.jobs = o.jobs;
  prepare.status = o.status;
  ws.build = prepareBuild(ws.tree, buildConfigFor(o.config, ws.rules), prepare);
  if (o.progressDone) o.progressDone();

  ScanEngines scan;
  scan.engine = "clang";
  scan.jobs = o.jobs;
  scan.paths = ws.options->paths;
  scan.cacheDir = ws.tuCacheDir;
  scan.progress = o.progress;
  ws.status("scanning " + ws.tree.root);
  ws.scan = scanPrepared(scan, ws.tree, ws.rules, ws.build, ws.build.configName);
  if (o.progressDone) o.progressDone();
  return ws;
}

}  // namespace kconv::refactor
