// The steps of one commit after the findings: the kernel build with the
// gate configuration (kconv test's config, one O= directory reused across
// commits, so each build is incremental), the QEMU boot and refcount tests
// (kconv test's pipeline), and the tree's checkpatch.pl on the commit's
// patch. A step's failure is a result, never an exception: the gate keeps
// the log and goes on with the next commit.
#pragma once

#include <functional>
#include <string>

#include "gate/gate_result.h"
#include "kernel/kernel_tree.h"

namespace kconv {

using StatusFn = std::function<void(const std::string &)>;

// Configures (tinyconfig + refcount-qemu.config) and builds `checkout`'s
// kernel. On failure copies the log to `keptLog` and names its first error.
BuildStep buildCommit(const KernelTree &checkout, unsigned jobs, const std::string &keptLog,
                      const StatusFn &status);

// The same commit built for another architecture (gate --arch): the test
// kernel's configuration (tinyconfig + the common fragment + the
// architecture's own where kconv boots it; else keeping what its Kconfig
// has of the common one), `make LLVM=1 ARCH=<arch> vmlinux modules` in one
// reused O= per architecture.
BuildStep crossBuildCommit(const KernelTree &checkout, const std::string &arch, unsigned jobs,
                           const std::string &keptLog, const StatusFn &status);

// Whether the series' base builds far enough for `arch` to gate on it
// (the configuration above and `make prepare`): "" if so, else the first
// error (loongarch with Clang 14: "clang: error: argument unused during
// compilation: '-msoft-float'"). A toolchain that cannot build the base
// would fail every commit for a reason none of them has.
std::string crossPreflight(const KernelTree &checkout, const std::string &arch, unsigned jobs,
                           const std::string &keptLog, const StatusFn &status);

// kconv test --arch `arch` on the checkout (after its build: then only the
// boot image and headers are left to make), report in `reportDir`.
TestsStep testCommit(const KernelTree &checkout, const std::string &arch, unsigned jobs,
                     unsigned qemuTimeout, const std::string &reportDir, const StatusFn &status);

// `git format-patch` of parent..commit into `dir`, then checkpatch.pl of `tree`.
CheckpatchStep checkpatchCommit(const std::string &repoDir, const std::string &tree,
                                const std::string &parent, const std::string &commit,
                                const std::string &dir);
// The same on a patch as it was mailed (a series read from a mailbox).
CheckpatchStep checkpatchPatchFile(const std::string &tree, const std::string &patchFile);


}  // namespace kconv
