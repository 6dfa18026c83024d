// Builds the configured test kernel: its boot image (bzImage, arm64's
// Image), the in-tree modules the run
// loads (lib/test_hmm.ko) and the UAPI headers the tree's selftests compile
// against. The O= directory is reused, so a second build of the same tree
// after a one-file change only rebuilds what that file touches.
#pragma once

#include <string>

#include "kernel/make_runner.h"
#include "qemu/guest_machine.h"

namespace kconv {

struct KernelBuild {
  std::string image;  // what QEMU's -kernel boots
  std::string testHmmModule;  // lib/test_hmm.ko
  std::string uapiInclude;  // usr/include, from `make headers`
  std::string log;
  bool incremental = false;  // vmlinux was already there
  double seconds = 0;
};

KernelBuild buildTestKernel(const KernelMake &make, const GuestMachine &machine);

}  // namespace kconv
