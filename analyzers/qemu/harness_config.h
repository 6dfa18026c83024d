// The configuration of the kernel kconv test boots: `make tinyconfig`, the
// fragments ci/config/refcount-qemu.config and refcount-qemu-<ARCH>.config
// on top, olddefconfig, then the check kunit.py does: every option the
// fragments ask for must have survived, or the run stops naming the ones
// Kconfig dropped.
#pragma once

#include <string>
#include <vector>

#include "kernel/make_runner.h"
#include "kernel/kconfig.h"

namespace kconv {

// <data dir>/ci/config/refcount-qemu.config, then refcount-qemu-<arch>.config
// when kconv has one for `arch` (those it boots; gate --arch builds others
// with the common fragment alone).
std::vector<std::string> testConfigFragments(const std::string &arch);

// "tinyconfig + refcount-qemu.config + refcount-qemu-arm64.config"
std::string describeTestConfig(const std::vector<std::string> &fragments);

struct TestConfig {
  bool reused = false;  // the build directory already had this configuration
  double seconds = 0;
};

// Configures make.buildDir unless it already holds these fragments'
// configuration (a stamp), so a second run rebuilds incrementally. Throws
// InputError naming the dropped options.
// `tolerateDropped`: an architecture kconv does not boot (gate --arch
// powerpc) keeps what its Kconfig has of the common fragment.
TestConfig configureTestKernel(const KernelMake &make, const std::vector<std::string> &fragments,
                               bool tolerateDropped = false);

// The options of `fragment` missing from `dotConfig` (both file texts).
std::vector<DroppedOption> droppedFromFragment(const std::string &fragment,
                                               const std::string &dotConfig);

}  // namespace kconv
