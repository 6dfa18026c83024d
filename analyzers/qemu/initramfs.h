// The guest's initramfs: busybox (static) as the only userland, kconv's
// init script (ci/guest/init), the modules and static test programs,
// the pmem filesystem images, and /kconv/params with the run's settings.
// Written as an uncompressed newc archive (the kernel needs no
// decompressor for it) and reproducible byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qemu/guest_programs.h"
#include "qemu/kernel_build.h"
#include "qemu/pmem_images.h"
#include "qemu/refcount_convention.h"

namespace kconv {

struct GuestSettings {
  // The memory plan (pmem0 and test_hmm's spm_addr_dev0/1), the results
  // port; the guest's binaries are checked against its architecture.
  GuestMachine machine;
  FreePageConvention convention;
  unsigned hmmTestsTimeout = 0;  // seconds, per program
  unsigned fsdaxTimeout = 0;
  unsigned stepTimeout = 0;  // rmmod, umount
};

// The shell-sourceable /kconv/params for `settings`.
std::string guestParams(const GuestSettings &settings);

// Writes the archive to `path`; returns its size in bytes.
size_t writeInitramfs(const std::string &path, const std::string &ciDir,
                      const KernelBuild &kernel, const GuestPrograms &programs,
                      const PmemImages &images, const GuestSettings &settings,
                      const std::string &busybox);

}  // namespace kconv
