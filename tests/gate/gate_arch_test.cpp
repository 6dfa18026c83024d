// kconv gate --arch on a miniature kernel repository: every commit is also
// built for another architecture (the stand-in Kbuild compiles with
// -D__ARCH_<arch>__), and a commit that breaks only that build fails,
// naming the architecture and the compiler's error.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "support/git_fixture.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;
using kconv::readFile;
using kconv::test::git;
using kconv::test::runKconv;

namespace {

TEST(GateArch, ABreakOnlyAnotherArchitectureSeesIsNamed) {
  fs::remove_all(kconv::test::scratchDir() + "/cache");
  std::string tree = kconv::test::makeGateFixtureRepo(kconv::test::scratchDir() + "/tree");
  fs::create_directories(tree + "/arch/arm64");
  std::ofstream(tree + "/arch/arm64/Kconfig") << "config ARM64\n\tselect ARCH_HAS_PTE_DEVMAP\n";
  git(tree, {"add", "-A"});
  git(tree, {"commit", "-q", "--amend", "--no-edit"});
  git(tree, {"checkout", "-q", "-b", "series"});
  std::ofstream(tree + "/mm/memremap.c", std::ios::app)
      << "\n#ifdef __ARCH_arm64__\nstatic int arm64_only = undeclared_on_arm64;\n#endif\n";
  git(tree, {"commit", "-q", "-a", "-m", "mm/memremap: break arm64 only\n\nSigned-off-by: T <t@e>"});
  git(tree, {"checkout", "-q", "master"});

  std::string reports = kconv::test::scratchDir() + "/reports";
  auto run = runKconv({"gate", "master..series", "--tree", tree, "--no-boot", "--arch", "arm64",
                       "--report-dir", reports});
  EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("build failed (arm64): mm/memremap.c:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("undeclared_on_arm64"), std::string::npos) << run.out;
  auto j = nlohmann::json::parse(readFile(reports + "/kconv-gate.json"));
  EXPECT_EQ(j["tree"]["arch"], "x86_64,arm64");
  EXPECT_EQ(j["commits"][0]["build"]["state"], "passed") << "x86_64 builds";
  EXPECT_EQ(j["commits"][0]["arch_builds"]["arm64"]["state"], "failed");
  // The findings delta in arm64's scan configuration too (here the tree's
  // own compile database, the same for both: the same delta).
  ASSERT_TRUE(j["commits"][0]["arch_findings"].contains("arm64")) << j["commits"][0].dump();
  EXPECT_GE(j["commits"][0]["arch_findings"]["arm64"]["units"].get<int>(), 1);
  EXPECT_EQ(j["commits"][0]["arch_findings"]["arm64"]["units"], j["commits"][0]["findings"]["units"]);
  EXPECT_TRUE(fs::exists(reports + "/" + j["commits"][0]["arch_builds"]["arm64"]["log"].get<std::string>()));

  // An architecture the tree does not have: one error line.
  auto bad = runKconv({"gate", "master..series", "--tree", tree, "--no-boot", "--arch", "nosuch"});
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_TRUE(kconv::test::endsWithOneErrorLine(bad.err)) << bad.err;
}

// An architecture whose base the toolchain cannot build is named once, in
// the table, the JSON and the Markdown, and not gated on; the others are.
TEST(GateArch, AnArchitectureTheToolchainCannotBuildIsNamedNotGated) {
  fs::remove_all(kconv::test::scratchDir() + "/cache");
  std::string tree = kconv::test::makeGateFixtureRepo(kconv::test::scratchDir() + "/tree");
  for (const char *arch : {"arm64", "loongarch"}) {
    fs::create_directories(tree + "/arch/" + arch);
    std::ofstream(tree + "/arch/" + arch + "/Kconfig") << "config X\n\tselect ARCH_HAS_PTE_DEVMAP\n";
  }
  std::ofstream(tree + "/arch/loongarch/TOOLCHAIN-FAILS")
      << "clang: error: argument unused during compilation: '-msoft-float'\n";
  git(tree, {"add", "-A"});
  git(tree, {"commit", "-q", "--amend", "--no-edit"});
  git(tree, {"checkout", "-q", "-b", "series"});
  std::ofstream(tree + "/mm/memremap.c", std::ios::app) << "\nstatic int fine;\n";
  git(tree, {"commit", "-q", "-a", "-m", "mm/memremap: a fine change\n\nSigned-off-by: T <t@e>"});
  git(tree, {"checkout", "-q", "master"});

  std::string reports = kconv::test::scratchDir() + "/reports";
  auto run = runKconv({"gate", "master..series", "--tree", tree, "--no-boot", "--arch",
                       "arm64,loongarch", "--report-dir", reports});
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("not gated on loongarch: the base does not build (clang: error: "
                         "argument unused during compilation: '-msoft-float')"),
            std::string::npos)
      << run.out;
  auto j = nlohmann::json::parse(readFile(reports + "/kconv-gate.json"));
  EXPECT_EQ(j["tree"]["arch"], "x86_64,arm64");
  EXPECT_EQ(j["tree"]["unbuilt_arches"]["loongarch"],
            "clang: error: argument unused during compilation: '-msoft-float'");
  EXPECT_EQ(j["commits"][0]["arch_builds"]["arm64"]["state"], "passed");
  EXPECT_FALSE(j["commits"][0]["arch_builds"].contains("loongarch"));
  EXPECT_NE(readFile(reports + "/kconv-gate.md").find("- not gated on loongarch"), std::string::npos);

  // A rerun answers from the cache, the check included: same table.
  auto again = runKconv({"gate", "master..series", "--tree", tree, "--no-boot", "--arch",
                         "arm64,loongarch", "--report-dir", reports});
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_NE(again.out.find("not gated on loongarch"), std::string::npos) << again.out;
  EXPECT_EQ(again.err.find("checking that the base builds"), std::string::npos) << again.err;
}

}  // namespace
