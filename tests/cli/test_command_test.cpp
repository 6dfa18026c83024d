// kconv test --arch on a miniature kernel tree: what it boots, what it
// names, and one error line for what it cannot (before any build starts).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/git_fixture.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;
using kconv::test::runKconv;

namespace {

std::string treeWithDevmapArches(const std::vector<std::string> &arches) {
  std::string tree = kconv::test::makeGateFixtureRepo(kconv::test::scratchDir() + "/tree");
  for (const std::string &arch : arches) {
    fs::create_directories(tree + "/arch/" + arch);
    std::ofstream(tree + "/arch/" + arch + "/Kconfig") << "config X\n\tselect ARCH_HAS_PTE_DEVMAP\n";
  }
  return tree;
}

TEST(TestCommand, AnArchitectureWithoutAGuestIsOneErrorLine) {
  std::string tree = treeWithDevmapArches({"powerpc"});
  auto run = runKconv({"test", "--tree", tree, "--arch", "powerpc"});
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_TRUE(kconv::test::endsWithOneErrorLine(run.err)) << run.err;
  EXPECT_NE(run.err.find("kconv test boots x86_64 and arm64, not powerpc"), std::string::npos)
      << run.err;

  run = runKconv({"test", "--tree", tree, "--arch", "nosuch"});
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.err.find("--arch: no arch/nosuch"), std::string::npos) << run.err;
}

TEST(TestCommand, AllNamesTheDevmapArchitecturesItCannotBoot) {
  // No x86 devmap selection in this tree and no arm64: nothing to boot.
  std::string tree = treeWithDevmapArches({"powerpc", "riscv"});
  auto run = runKconv({"test", "--tree", tree, "--arch", "all"});
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_NE(run.err.find("no QEMU guest for powerpc, riscv"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("no architecture kconv test boots"), std::string::npos) << run.err;
}

}  // namespace
