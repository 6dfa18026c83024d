#include "gate/kernel_make.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/errors.h"
#include "gate/log_watch.h"
#include "kernel/cache_dir.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

std::string KernelMake::logPath(const std::string &step) const {
  fs::create_directories(fs::path(buildDir) / "kconv-logs");
  return (fs::path(buildDir) / "kconv-logs" / (step + ".log")).string();
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
  m.argv = {"make", "-C", tree.root, "O=" + buildDir, "ARCH=x86_64", "LLVM=1",
            "-j" + std::to_string(jobs),
            // Stable inputs: identical rebuilds are ccache hits.
            "KBUILD_BUILD_TIMESTAMP=Thu Jan  1 00:00:00 UTC 1970", "KBUILD_BUILD_USER=kconv",
            "KBUILD_BUILD_HOST=kconv"};
  if (ccache)
    m.argv.push_back("CC=ccache clang");
  else if (distcc)
    m.argv.push_back("CC=distcc clang");
  return m;
}

std::string KernelMake::run(const std::vector<std::string> &args, const std::string &step,
                            const std::string &what) const {
  MakeInvocation m = kernelMakeInvocation(tree, buildDir, jobs);
  std::vector<std::string> argv = m.argv;
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions po;
  po.logPath = logPath(step);
  po.extraEnv = m.env;
  ProcessResult r;
  {
    LogWatcher watch(po.logPath, !progress ? LogWatcher::Callback() :
                     [&](unsigned s, const std::string &line) {
                       progress(progressLine(what, s, line));
                     });
    r = runProcess(argv, po);
  }
  if (r.exitCode < 0 && !r.error.empty())
    throw InputError(what + ": " + r.error);
  if (r.exitCode != 0)
    throw InputError(what + " failed for " + tree.root + " (log: " + po.logPath + ")");
  return po.logPath;
}

void checkOutOfTreeBuildable(const KernelTree &tree) {
  fs::path root = tree.root;
  if (fs::exists(root / ".config") || fs::exists(root / "include/config"))
    throw InputError("kernel tree " + tree.root +
                     " has an in-tree build (.config); kconv builds out of tree: run "
                     "`make mrproper` there");
}

std::string testBuildDir(const KernelTree &tree) {
  fs::path dir = fs::path(cacheDir()) / "test-build" /
                 (shortHash(tree.root) + "-" + tree.version);
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
