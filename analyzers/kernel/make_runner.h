// The one way kconv runs the kernel's `make`: always out of tree (O= in
// kconv's cache), with LLVM=1, each step's output kept in a log that a
// failure names (as a field of the error, kernel's errors.h). Two command
// lines share it:
//  - the scan configuration's (kernel/build_dir.h: defconfig + fragment,
//    prepare, `make -n`): the host's ARCH, nothing cached, nothing built;
//  - the test kernel's (kconv test, kconv gate): x86_64, through ccache when
//    it is installed, with a fixed build timestamp/user/host so rebuilds hit
//    the cache and outputs are stable.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kernel/kernel_tree.h"

namespace kconv {

// The command line and environment of `make` (without the targets).
struct MakeInvocation {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // NAME=value, on top of the environment
};

// One make step.
struct MakeStep {
  std::vector<std::string> args;  // targets and variables
  std::string what;  // "make defconfig": names the step in errors
  std::string logPath;  // stdout and stderr (stdout only with stderrPath)
  std::string stderrPath;  // empty: into logPath
  bool appendLog = false;  // one log for several steps
  bool checkExit = true;  // false: a failing make is not an error (make -n -k)
  // While make runs: "<what> m:ss <last log line>", once a second.
  std::function<void(const std::string &)> progress;
};

// Runs `make` for `tree`. Throws InputError when make cannot run at all,
// BuildError "<what> failed for TREE" (logPath set) when it fails.
void runMake(const KernelTree &tree, const MakeInvocation &make, const MakeStep &step);

// The scan configuration's make: make -C TREE LLVM=1 O=DIR -jN.
MakeInvocation scanMakeInvocation(const KernelTree &tree, const std::string &buildDir,
                                  unsigned jobs);

// The test kernel's make. With DISTCC_HOSTS set and distcc installed, the
// build scales past this machine the way ccache documents: ccache hands its
// misses to distcc (CCACHE_PREFIX=distcc; CC="distcc clang" without ccache)
// and make runs as many jobs as distcc's hosts take (`distcc -j`), if more
// than `jobs`. The compiler runs where distcc sends it, preprocessing stays
// here; KCFLAGS=-Qunused-arguments keeps Clang from failing on the
// preprocessor flags the remote compile does not use.
MakeInvocation kernelMakeInvocation(const KernelTree &tree, const std::string &buildDir,
                                    unsigned jobs);

// The test kernel's build directory and its make, one log per step in
// <buildDir>/kconv-logs/<step>.log.
struct KernelMake {
  KernelTree tree;
  std::string buildDir;  // the O= directory
  unsigned jobs = 1;
  std::function<void(const std::string &)> progress;

  // Runs make with `args`; throws BuildError "<what> failed for TREE" with
  // the log's path. Returns the log's path.
  std::string run(const std::vector<std::string> &args, const std::string &step,
                  const std::string &what) const;
  std::string logPath(const std::string &step) const;
};

// The first line of a build log that says why it failed (a gate build, an
// architecture scan --arch could not prepare) ("error:", then
// make's "***"), paths into `treeRoot` (absolute, or relative to the O=
// directory `buildDir`) made tree-relative; "" when none does.
std::string firstBuildError(const std::string &log, const std::string &treeRoot,
                            const std::string &buildDir);

// The O= directory kconv test uses for `tree`, created:
// <cache>/test-build/<hash of the tree path>-<version>.
std::string testBuildDir(const KernelTree &tree);

// Throws InputError naming a missing build tool (make, clang, ld.lld).
void checkKernelBuildTools();

// Kbuild refuses O= builds of a tree that was built in place (.config at
// its root); say so before anything runs. `remedy` ends the message.
void checkOutOfTreeBuildable(const KernelTree &tree,
                             const std::string &remedy = "run `make mrproper` there");

}  // namespace kconv
