// The kunit.py-style check that every option of ci/config/refcount-qemu.config
// and the architecture's refcount-qemu-<ARCH>.config survived olddefconfig:
// on the .config files recorded from real configurations of Debian's 6.1
// and 6.12 for x86_64 and arm64 (tinyconfig + the fragments + olddefconfig,
// ARCH=arm64 LLVM=1), and on an edited one where Kconfig dropped options.
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "qemu/harness_config.h"

namespace kconv {
namespace {

std::string fragment(const std::string &arch = "x86_64") {
  std::string dir = std::string(KCONV_SOURCE_DIR) + "/ci/config/";
  return readFile(dir + "refcount-qemu.config") + readFile(dir + "refcount-qemu-" + arch + ".config");
}
std::string fixture(const std::string &name) {
  return readFile(std::string(KCONV_TEST_FIXTURES) + "/qemu/" + name);
}

TEST(TestConfig, EveryOptionSurvivesOnV61AndV612) {
  EXPECT_EQ(describe(droppedFromFragment(fragment(), fixture("dotconfig-6.1"))), "");
  EXPECT_EQ(describe(droppedFromFragment(fragment(), fixture("dotconfig-6.12"))), "");
  EXPECT_EQ(describe(droppedFromFragment(fragment("arm64"), fixture("dotconfig-6.1-arm64"))), "");
  EXPECT_EQ(describe(droppedFromFragment(fragment("arm64"), fixture("dotconfig-6.12-arm64"))), "");
}

TEST(TestConfig, TheX86OnlyOptionsAreNotAskedOfArm64) {
  // What arm64's Kconfig drops (it has no memmap= pmem, no 8250 console here).
  EXPECT_EQ(describe(droppedFromFragment(fragment("x86_64"), fixture("dotconfig-6.12-arm64"))),
            "CONFIG_KERNEL_GZIP=y (got n), CONFIG_PCI=y (got n), CONFIG_SERIAL_8250=y (got n), "
            "CONFIG_SERIAL_8250_CONSOLE=y (got n), CONFIG_X86_PMEM_LEGACY=y (got n)");
}

TEST(TestConfig, FragmentsOfEachBootableArchitecture) {
  std::vector<std::string> x86 = testConfigFragments("x86_64");
  ASSERT_EQ(x86.size(), 2u);
  EXPECT_EQ(describeTestConfig(x86), "tinyconfig + refcount-qemu.config + refcount-qemu-x86_64.config");
  EXPECT_EQ(testConfigFragments("arm64").size(), 2u);
  EXPECT_EQ(testConfigFragments("powerpc").size(), 1u) << "built by gate --arch, never booted";
}

TEST(TestConfig, DroppedOptionsAreNamed) {
  std::string config = fixture("dotconfig-6.12");
  // What olddefconfig leaves when PCI is off and TEST_HMM's menu is closed.
  for (const char *gone : {"CONFIG_PCI=y\n", "CONFIG_TEST_HMM=m\n"}) {
    size_t at = config.find(gone);
    ASSERT_NE(at, std::string::npos) << gone;
    config.erase(at, std::string(gone).size());
  }
  config += "# CONFIG_PCI is not set\n";
  EXPECT_EQ(describe(droppedFromFragment(fragment(), config)),
            "CONFIG_PCI=y (got n), CONFIG_TEST_HMM=m (got n)");
}

TEST(TestConfig, FragmentAsksForWhatTheRunNeeds) {
  KconfigValues wanted = parseKconfig(fragment());
  for (const char *option : {"CONFIG_ZONE_DEVICE", "CONFIG_DEVICE_PRIVATE", "CONFIG_FS_DAX",
                             "CONFIG_X86_PMEM_LEGACY", "CONFIG_BLK_DEV_PMEM", "CONFIG_KUNIT",
                             "CONFIG_DEBUG_VM", "CONFIG_PROC_PAGE_MONITOR", "CONFIG_MODULES",
                             "CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_SERIAL_8250_CONSOLE"})
    EXPECT_EQ(wanted[option], "y") << option;
  EXPECT_EQ(wanted["CONFIG_TEST_HMM"], "m");
  KconfigValues arm = parseKconfig(fragment("arm64"));
  for (const char *option : {"CONFIG_ZONE_DEVICE", "CONFIG_DEVICE_PRIVATE", "CONFIG_FS_DAX",
                             "CONFIG_OF_PMEM", "CONFIG_ARM64_PMEM", "CONFIG_BLK_DEV_PMEM",
                             "CONFIG_SERIAL_AMBA_PL011_CONSOLE", "CONFIG_VIRTIO_CONSOLE"})
    EXPECT_EQ(arm[option], "y") << option;
  EXPECT_EQ(arm["CONFIG_X86_PMEM_LEGACY"], "");
}

}  // namespace
}  // namespace kconv
