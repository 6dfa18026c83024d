#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/errors.h"
#include "kernel/kconfig.h"
#include "kernel/kernel_tree.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

fs::path fakeTree(const std::string &name, bool complete) {
  fs::path root = fs::path(::testing::TempDir()) / name;
  fs::remove_all(root);
  fs::create_directories(root / "arch/x86");
  fs::create_directories(root / "include/linux");
  std::ofstream(root / "Makefile") << "# SPDX\nVERSION = 6\nPATCHLEVEL = 12\n"
                                      "SUBLEVEL = 117\nEXTRAVERSION = -rc1\n";
  std::ofstream(root / "Kconfig") << "\n";
  if (complete) std::ofstream(root / "include/linux/mm.h") << "\n";
  return root;
}

TEST(KernelTree, DetectsVersionAndArch) {
  KernelTree t = detectKernelTree(fakeTree("tree-ok", true).string());
  EXPECT_EQ(t.version, "6.12.117-rc1");
  EXPECT_EQ(versionCode(t), 612u);
  EXPECT_FALSE(t.arch.empty());
  EXPECT_EQ(t.srcArch, "x86");
}

TEST(KernelTree, RefusesWhatIsNotAKernelTree) {
  EXPECT_THROW(detectKernelTree(fakeTree("tree-bad", false).string()), InputError);
  EXPECT_THROW(detectKernelTree("/nonexistent/dir"), InputError);
  try {
    detectKernelTree(::testing::TempDir());
    FAIL();
  } catch (const InputError &e) {
    EXPECT_NE(std::string(e.what()).find("not a kernel tree"), std::string::npos);
  }
}

TEST(Kconfig, NamesOptionsThatDidNotSurvive) {
  KconfigValues wanted = parseKconfig(
      "# comment\nCONFIG_ZONE_DEVICE=y\nCONFIG_TEST_HMM=m\n# CONFIG_KASAN is not set\n"
      "CONFIG_NR_CPUS=4\n");
  KconfigValues actual = parseKconfig(
      "CONFIG_ZONE_DEVICE=y\n# CONFIG_TEST_HMM is not set\nCONFIG_NR_CPUS=8\n");
  auto dropped = droppedOptions(wanted, actual);
  ASSERT_EQ(dropped.size(), 2u);
  EXPECT_EQ(describe(dropped), "CONFIG_NR_CPUS=4 (got 8), CONFIG_TEST_HMM=m (got n)");
}

}  // namespace
}  // namespace kconv
