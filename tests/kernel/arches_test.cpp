// kernel/arches: which architectures carry devmap, --arch parsing.
#include "kernel/arches.h"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/errors.h"
#include "support/scratch_dir.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

KernelTree archTree() {
  // One per process: ctest runs each test of this file as its own process,
  // in parallel, and a shared path was removed under a running test.
  fs::path root = fs::path(kconv::test::processScratchDir("kconv-arches")) / "tree";
  fs::remove_all(root);
  auto write = [&](const std::string &path, const std::string &text) {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path) << text;
  };
  write("arch/x86/Kconfig", "config X86\n\tselect ARCH_HAS_PTE_DEVMAP\t\tif X86_64\n");
  write("arch/arm64/Kconfig", "config ARM64\n\tselect ARCH_HAS_PTE_DEVMAP\n");
  write("arch/powerpc/Kconfig", "\tselect ARCH_HAS_PTE_DEVMAP\t\tif PPC_BOOK3S_64\n");
  write("arch/mips/Kconfig", "config MIPS\n\t# select ARCH_HAS_PTE_DEVMAP (not here)\n");
  write("arch/s390/Kconfig", "\tselect ARCH_HAS_PTE_SPECIAL\n");
  KernelTree t;
  t.root = root.string();
  t.arch = "x86_64";
  t.srcArch = "x86";
  return t;
}

TEST(Arches, DevmapArchitecturesAreReadFromKconfig) {
  KernelTree t = archTree();
  EXPECT_EQ(devmapArches(t.root), (std::vector<std::string>{"arm64", "powerpc", "x86_64"}));
  EXPECT_TRUE(devmapArches(t.root + "/nosuch").empty()) << "v6.17 on: no devmap";
}

TEST(Arches, ParsedListsHostFirstAliasesAndRefusals) {
  KernelTree t = archTree();
  if (srcArchOf("x86_64") != "x86") FAIL();
  std::vector<std::string> all = parseArchList("all", t);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(parseArchList("", t).size(), 1u);
  EXPECT_EQ(parseArchList("arm64,x86,arm64", t).size(), 2u) << "x86 = x86_64, duplicates once";
  for (const char *bad : {"nosuch", "../x86", "arm64,", ","})
    EXPECT_THROW(parseArchList(bad, t), InputError) << bad;
  KernelTree arm = forArch(t, "arm64");
  EXPECT_EQ(arm.srcArch, "arm64");
  EXPECT_EQ(arm.root, t.root);
}

}  // namespace
}  // namespace kconv
