#include "kernel/make_runner.h"

#include "kernel/arches.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/errors.h"
#include "kernel/cache_dir.h"
#include "kernel/log_watch.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

void runMake(const KernelTree &tree, const MakeInvocation &make, const MakeStep &step) {
  std::vector<std::string> argv = make.argv;
  argv.insert(argv.end(), step.args.begin(), step.args.end());
  ProcessOptions po;
  po.logPath = step.logPath;
  po.stderrPath = step.stderrPath;
  po.appendLog = step.appendLog;
  po.extraEnv = make.env;
  ProcessResult r;
  {
    LogWatcher watch(po.logPath, !step.progress ? LogWatcher::Callback() :
                     [&](unsigned s, const std::string &line) {
                       step.progress(progressLine(step.what, s, line));
                     });
    r = runProcess(argv, po);
  }
  if (r.exitCode < 0 && !r.error.empty())
    throw InputError(step.what + ": " + r.error);
  if (step.checkExit && r.exitCode != 0)
    throw BuildError(step.what + " failed for " + tree.root, step.logPath);
}

MakeInvocation scanMakeInvocation(const KernelTree &tree, const std::string &buildDir,
                                  unsigned jobs) {
  MakeInvocation m{{"make", "-C", tree.root, "LLVM=1", "O=" + buildDir, "-j" + std::to_string(jobs)}, {}};
  // Another architecture than the host's: Clang cross-compiles (the kernel
  // picks --target from ARCH under LLVM=1), lld links.
  if (isCrossArch(tree)) m.argv.push_back("ARCH=" + tree.arch);
  return m;
}

MakeInvocation kernelMakeInvocation(const KernelTree &tree, const std::string &buildDir,
                                    unsigned jobs) {
  MakeInvocation m;
  // Paths under the cache are hashed relative to the O= directory, so two
  // copies of a tree laid out alike in two caches (a patched copy for a
  // broken-kernel check, a worktree) share ccache hits.
  m.env = {"CCACHE_BASEDIR=" + cacheDir()};
  bool ccache = !findProgram("ccache").empty();
  const char *hosts = std::getenv("DISTCC_HOSTS");
  bool distcc = hosts && *hosts && !findProgram("distcc").empty();
  if (distcc) {
    std::string j = captureOutput({"distcc", "-j"}).value_or("");
    unsigned slots = static_cast<unsigned>(std::strtoul(j.c_str(), nullptr, 10));
    jobs = std::max(jobs, slots);
    if (ccache) m.env.push_back("CCACHE_PREFIX=distcc");
  }
  m.argv = {"make", "-C", tree.root, "O=" + buildDir,
            "ARCH=" + (isCrossArch(tree) ? tree.arch : std::string("x86_64")), "LLVM=1",
            "-j" + std::to_string(jobs),
            // Stable inputs: identical rebuilds are ccache hits.
            "KBUILD_BUILD_TIMESTAMP=Thu Jan  1 00:00:00 UTC 1970", "KBUILD_BUILD_USER=kconv",
            "KBUILD_BUILD_HOST=kconv"};
  if (ccache)
    m.argv.push_back("CC=ccache clang");
  else if (distcc)
    m.argv.push_back("CC=distcc clang");
  // distcc preprocesses here and sends the server the compile alone, where
  // the kernel's preprocessor flags (-fmacro-prefix-map, -include, -I) go
  // unused, which the kernel's Clang flags make an error
  // (-Werror=unused-command-line-argument, scripts/Makefile.clang): every
  // distributed compile would fail. Found by the distccd test.
  if (distcc) m.argv.push_back("KCFLAGS=-Qunused-arguments");
  return m;
}

std::string KernelMake::logPath(const std::string &step) const {
  fs::create_directories(fs::path(buildDir) / "kconv-logs");
  return (fs::path(buildDir) / "kconv-logs" / (step + ".log")).string();
}

std::string KernelMake::run(const std::vector<std::string> &args, const std::string &step,
                            const std::string &what) const {
  MakeStep s;
  s.args = args;
  s.what = what;
  s.logPath = logPath(step);
  s.progress = progress;
  runMake(tree, kernelMakeInvocation(tree, buildDir, jobs), s);
  return s.logPath;
}

void checkOutOfTreeBuildable(const KernelTree &tree, const std::string &remedy) {
  fs::path root = tree.root;
  if (fs::exists(root / ".config") || fs::exists(root / "include/config"))
    throw InputError("kernel tree " + tree.root +
                     " has an in-tree build (.config); kconv builds out of tree: " + remedy);
}

std::string firstBuildError(const std::string &log, const std::string &treeRoot,
                            const std::string &buildDir) {
  // ccache's base_dir makes clang name sources relative to the O= dir.
  std::string relative = fs::path(treeRoot).lexically_relative(buildDir).string();
  std::vector<std::string> prefixes = {treeRoot + "/./", treeRoot + "/"};
  if (!relative.empty() && relative != ".") prefixes.push_back(relative + "/");
  std::istringstream in(log);
  std::string line, makeError;
  while (std::getline(in, line)) {
    // Paths into kconv's scratch checkout mean nothing to the reader (and
    // would differ between machines): make them tree-relative.
    for (const std::string &prefix : prefixes)
      for (size_t at; (at = line.find(prefix)) != std::string::npos;)
        line.erase(at, prefix.size());
    if (line.find("error:") != std::string::npos || line.find("Error:") != std::string::npos)
      return line.substr(0, 300);
    if (makeError.empty() && line.find("***") != std::string::npos) makeError = line.substr(0, 300);
  }
  return makeError;
}

std::string testBuildDir(const KernelTree &tree) {
  fs::path dir = fs::path(cacheDir()) / "test-build" /
                 (shortHash(tree.root) + "-" + tree.version +
                  (isCrossArch(tree) ? "-" + tree.arch : std::string()));
  fs::create_directories(dir);
  return dir.string();
}

void checkKernelBuildTools() {
  for (const char *tool : {"make", "clang", "ld.lld", "llvm-objcopy", "flex", "bison", "bc"})
    if (findProgram(tool).empty())
      throw InputError(std::string("missing tool: ") + tool +
                       " (see .ci/packages.txt)");
}

}  // namespace kconv
