// The modules and programs the guest runs, built for the test kernel
// without writing into the tree: kconv's KUnit suite and pfn refcount
// reader as external modules (make M= on a copy of ci/guest/refcount/ kept in
// the O= directory), the tree's own hmm-tests and kconv's fsdax_refcount
// as static binaries for the busybox initramfs.
#pragma once

#include <string>

#include "qemu/guest_machine.h"
#include "qemu/kernel_build.h"
#include "kernel/make_runner.h"
#include "qemu/refcount_convention.h"
#include "qemu/zone_device_api.h"

namespace kconv {

struct GuestPrograms {
  std::string refcountTestModule;  // kconv_refcount_test.ko (KUnit)
  std::string pagerefModule;  // kconv_pageref.ko
  std::string hmmTests;  // tools/testing/selftests/{mm,vm}/hmm-tests.c
  std::string fsdaxTest;  // ci/guest/fsdax/fsdax_refcount.c
};

// The KUnit suite gets `convention` compiled in, against the tree's `api`.
GuestPrograms buildGuestPrograms(const KernelMake &make, const GuestMachine &machine,
                                 const KernelBuild &kernel,
                                 const FreePageConvention &convention,
                                 const ZoneDeviceApi &api, const std::string &ciDir);

// Throws InputError when there is no C compiler or static libc for the
// machine's static programs.
void requireStaticCompiler(const GuestMachine &machine);

// The tree's hmm-tests.c: selftests/mm since v6.3, selftests/vm before.
std::string hmmTestsSource(const KernelTree &tree);

// How long the guest lets the tree's hmm-tests run, in seconds: 900 for
// the suites of v6.1-v6.12 (about 60 tests, each bounded by the kselftest
// harness's 30 s default), plus every timeout a test declares for itself
// (TEST_F_TIMEOUT: newer trees' THP migration tests take up to 120 s).
unsigned hmmTestsBound(const std::string &hmmTestsText);

}  // namespace kconv
