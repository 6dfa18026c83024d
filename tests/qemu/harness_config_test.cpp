// The kunit.py-style check that every option of ci/config/refcount-qemu.config
// survived olddefconfig: on the .config files recorded from real
// configurations of Debian's 6.1 and 6.12 (tinyconfig + the fragment +
// olddefconfig), and on an edited one where Kconfig dropped options.
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "qemu/harness_config.h"

namespace kconv {
namespace {

std::string fragment() { return readFile(std::string(KCONV_SOURCE_DIR) + "/ci/config/refcount-qemu.config"); }
std::string fixture(const std::string &name) {
  return readFile(std::string(KCONV_TEST_FIXTURES) + "/qemu/" + name);
}

TEST(TestConfig, EveryOptionSurvivesOnV61AndV612) {
  EXPECT_EQ(describe(droppedFromFragment(fragment(), fixture("dotconfig-6.1"))), "");
  EXPECT_EQ(describe(droppedFromFragment(fragment(), fixture("dotconfig-6.12"))), "");
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
}

}  // namespace
}  // namespace kconv
