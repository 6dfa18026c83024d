#include "refactor/workspace.h"

#include <filesystem>

#include "clang/clang_engine.h"
#include "core/classifier.h"
#include "core/errors.h"
#include "kernel/cache_dir.h"

namespace fs = std::filesystem;

namespace kconv::refactor {

namespace {

BuildConfig buildConfigFor(const std::string &arg, const RulePack &rules) {
  std::string path = arg.empty() ? rules.kconfigFragment : arg;
  if (!arg.empty() && !fs::exists(path)) path = (fs::path(rules.dir) / (arg + ".config")).string();
  if (path.empty() || !fs::exists(path))
    throw InputError("no such config fragment: " + (arg.empty() ? rules.dir + "/*.config" : arg));
  return {fs::path(path).stem().string(), fs::absolute(path).string()};
}

bool inside(const fs::path &path, const fs::path &dir) {
  std::string rel = path.lexically_relative(dir).string();
  return !rel.empty() && rel.rfind("..", 0) != 0;
}

}  // namespace

std::optional<std::string> Workspace::readBase(const std::string &path) const {
  return repo->readFile(base.tree, path);
}

Workspace openWorkspace(const ProposeOptions &o) {
  Workspace ws;
  ws.options = &o;
  if (o.tree.empty())
    throw InputError("--tree DIR is needed: a git repository of a kernel tree (propose writes a branch)");
  ws.repo = std::make_unique<git::Repository>(git::Repository::open(o.tree));
  std::string dirty = ws.repo->firstDirtyPath();
  if (!dirty.empty())
    throw InputError("the work tree of " + o.tree + " is not clean (" + dirty +
                     "); commit or stash first: the series is built on HEAD");
  ws.base = ws.repo->commit("HEAD");
  ws.tree = detectKernelTree(ws.repo->workdir());
  ws.rules = loadRulePack(o.rules.empty() ? dataDir() + "/rules" : o.rules);

  ws.cacheRoot = cacheDir() + "/propose";
  ws.workDir = ws.cacheRoot + "/" + shortHash(ws.tree.root, 12);
  ws.outDir = o.out.empty() ? ws.workDir + "/" + o.refactor : fs::absolute(o.out).string();
  if (inside(fs::weakly_canonical(ws.outDir), ws.tree.root) ||
      fs::weakly_canonical(ws.outDir) == fs::path(ws.tree.root))
    throw InputError("--out " + ws.outDir + " is inside the tree; propose never writes there");
  fs::create_directories(ws.outDir);
  fs::create_directories(ws.workDir);

  PrepareOptions prepare;
  prepare.jobs = o.jobs;
  prepare.status = o.status;
  ws.build = prepareBuild(ws.tree, buildConfigFor(o.config, ws.rules), prepare);
  if (o.progressDone) o.progressDone();

  EngineOptions engine;
  engine.jobs = o.jobs;
  engine.paths = o.paths;
  engine.cacheDir = cacheDir() + "/results";
  engine.progress = o.progress;
  ws.status("scanning " + ws.tree.root);
  EngineResult found = runClangEngine(ws.build.commands, ws.rules, ws.tree.root, engine);
  if (o.progressDone) o.progressDone();
  ws.scan.tree = {ws.tree.root, ws.tree.version, ws.tree.arch, ws.build.configName};
  ws.scan.findings = std::move(found.findings);
  ws.scan.coverage = std::move(found.coverage);
  classifyFindings(ws.scan.findings, ws.rules);
  assignFingerprints(ws.scan.findings);
  return ws;
}

}  // namespace kconv::refactor
