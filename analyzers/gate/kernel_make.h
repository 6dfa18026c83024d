// `make` for the test kernel: always out of tree (O= in kconv's cache),
// x86_64, LLVM=1, through ccache when it is installed, with a fixed build
// timestamp/user/host so rebuilds hit the cache and outputs are stable.
// Each step's output is kept in its own log, named in the step's error.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kernel/kernel_tree.h"

namespace kconv {

struct KernelMake {
  KernelTree tree;
  std::string buildDir;  // the O= directory
  unsigned jobs = 1;
  // While make runs: "<what> m:ss <last log line>", once a second.
  std::function<void(const std::string &)> progress;

  // Runs make with `args` (targets and variables), output to
  // <buildDir>/kconv-logs/<step>.log; throws InputError "<what> failed for
  // TREE (log: ...)" when it fails. Returns the log's path.
  std::string run(const std::vector<std::string> &args, const std::string &step,
                  const std::string &what) const;
  std::string logPath(const std::string &step) const;
};

// The command line and environment of `make` for `tree` (without the
// targets). With DISTCC_HOSTS set and distcc installed, the build scales
// past this machine the way ccache documents: ccache hands its misses to
// distcc (CCACHE_PREFIX=distcc; CC="distcc clang" without ccache) and make
// runs as many jobs as distcc's hosts take (`distcc -j`), if more than
// `jobs`. Kbuild needs nothing else: the compiler runs where distcc sends
// it, preprocessing stays here.
struct MakeInvocation {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // NAME=value, on top of the environment
};
MakeInvocation kernelMakeInvocation(const KernelTree &tree, const std::string &buildDir,
                                    unsigned jobs);

// The O= directory kconv test uses for `tree`, created:
// <cache>/test-build/<hash of the tree path>-<version>.
std::string testBuildDir(const KernelTree &tree);

// Throws InputError naming a missing build tool (make, clang, ld.lld).
void checkKernelBuildTools();

// Kbuild refuses O= builds of a tree that was built in place (.config at
// its root); say so before anything runs.
void checkOutOfTreeBuildable(const KernelTree &tree);

}  // namespace kconv
