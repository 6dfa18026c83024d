// The configuration of the kernel kconv test boots: `make tinyconfig`, the
// fragment ci/config/refcount-qemu.config on top, olddefconfig, then the
// check kunit.py does: every option the fragment asks for must have
// survived, or the run stops naming the ones Kconfig dropped.
#pragma once

#include <string>
#include <vector>

#include "kernel/make_runner.h"
#include "kernel/kconfig.h"

namespace kconv {

// <data dir>/ci/config/refcount-qemu.config
std::string testConfigFragment();

struct TestConfig {
  bool reused = false;  // the build directory already had this configuration
  double seconds = 0;
};

// Configures make.buildDir unless it already holds this fragment's
// configuration (a stamp), so a second run rebuilds incrementally. Throws
// InputError naming the dropped options.
// `tolerateDropped`: another architecture's build (gate --arch) keeps what
// its Kconfig has of the x86 guest's fragment (no X86_PMEM_LEGACY on arm64).
TestConfig configureTestKernel(const KernelMake &make, const std::string &fragmentPath,
                               bool tolerateDropped = false);

// The options of `fragment` missing from `dotConfig` (both file texts).
std::vector<DroppedOption> droppedFromFragment(const std::string &fragment,
                                               const std::string &dotConfig);

}  // namespace kconv
