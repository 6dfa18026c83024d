// kconv scan end to end on a fixture tree: formats, determinism, atomic
// output, and the one-line errors with exit code 2 for bad input.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

using test::runKconv;

std::string fixtureTree() {
  static std::string tree =
      test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "fixture-kernel");
  return tree;
}

// Step lines may come first (stderr is not a terminal here): the error is
// one line, the last.
bool oneErrorLine(const std::string &s) { return test::endsWithOneErrorLine(s); }

TEST(ScanCli, TextOutputIsGccStyle) {
  auto run = runKconv({"scan", "--tree", fixtureTree(), "--format", "text"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_NE(run.out.find("mm/page_mapping.c:8:15: page-mapping.read: read of page->mapping [in direct()]"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("translation units parsed"), std::string::npos);
}

TEST(ScanCli, JsonFollowsTheContractAndIsDeterministic) {
  std::string a = test::scratchDir() + "/a.json", b = test::scratchDir() + "/b.json";
  ASSERT_EQ(runKconv({"scan", "--tree", fixtureTree(), "--format", "json", "-o", a, "-j", "1"}).exitCode, 0);
  ASSERT_EQ(runKconv({"scan", "--tree", fixtureTree(), "--format", "json", "-o", b, "-j", "2"}).exitCode, 0);
  EXPECT_EQ(readFile(a), readFile(b));
  auto j = nlohmann::json::parse(readFile(a));
  EXPECT_EQ(j["tool"], "kconv");
  EXPECT_EQ(j["tree"]["kernel"], "6.12.0");
  EXPECT_EQ(j["tree"]["config"], "tree");
  ASSERT_GT(j["findings"].size(), 40u);
  for (const auto &f : j["findings"]) {
    for (const char *key : {"rule", "category", "file", "line", "column", "function",
                            "engine", "verified", "fingerprint", "message", "details"})
      EXPECT_TRUE(f.contains(key)) << key;
    // --engine both (the default): what Clang compiled is verified; a
    // Coccinelle site is verified only through Clang's expansions of the
    // macro it sits in, and otherwise says why it is not.
    EXPECT_TRUE(f["engine"] == "clang" || f["engine"] == "cocci") << f.dump();
    if (f["engine"] == "clang") EXPECT_EQ(f["verified"], true) << f.dump();
    else EXPECT_EQ(f["verified"], f["details"].contains("verified_by")) << f.dump();
    if (f["verified"] == false) EXPECT_TRUE(f["details"].contains("unverified_reason")) << f.dump();
  }
  EXPECT_EQ(j["coverage"]["engines"], nlohmann::json({"clang", "cocci"}));
  EXPECT_EQ(j["coverage"]["failed"], 0);
  for (const auto &e : fs::directory_iterator(test::scratchDir()))
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
}

TEST(ScanCli, SarifIsVersion210WithFingerprints) {
  auto run = runKconv({"scan", "--tree", fixtureTree(), "--format", "sarif"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["version"], "2.1.0");
  const auto &results = j["runs"][0]["results"];
  ASSERT_GT(results.size(), 40u);
  EXPECT_TRUE(results[0]["partialFingerprints"].contains("kconv/v1"));
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"], "SRCROOT");
}

TEST(ScanCli, PathsLimitTheScan) {
  auto run = runKconv({"scan", "--tree", fixtureTree(), "--paths", "mm/devmap.c", "--format", "json"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["coverage"]["translation_units"], 1);
  for (const auto &f : j["findings"]) EXPECT_EQ(f["file"], "mm/devmap.c");
}

// Each engine shards: Clang's TUs, Coccinelle's files; with Coccinelle the
// shards carry their engines' parts and kconv merge runs the engine merge
// once over the whole. The merged file is byte for byte the unsharded one.
TEST(ScanCli, ShardsMergeToExactlyTheUnshardedResult) {
  std::string dir = test::scratchDir();
  for (std::string engine : {"clang", "both", "cocci"}) {
    SCOPED_TRACE(engine);
    auto scan = [&](std::vector<std::string> extra, const std::string &out) {
      // One file per chunk: the fixture's few files spread over the shards.
      std::vector<std::string> args = {"scan", "--tree", fixtureTree(), "--no-cache", "--engine",
                                       engine, "--cocci-chunk", "1", "--format", "json",
                                       "-o", dir + "/" + out};
      args.insert(args.end(), extra.begin(), extra.end());
      auto run = runKconv(args);
      EXPECT_EQ(run.exitCode, 0) << run.err;
      return run.exitCode;
    };
    ASSERT_EQ(scan({}, "whole.json"), 0);
    ASSERT_EQ(scan({"--shard", "1/3"}, "s1.json"), 0);
    ASSERT_EQ(scan({"--shard", "2/3"}, "s2.json"), 0);
    ASSERT_EQ(scan({"--shard", "3/3"}, "s3.json"), 0);
    auto whole = nlohmann::json::parse(readFile(dir + "/whole.json"));
    ASSERT_GT(whole["findings"].size(), 3u);
    int files = 0;
    for (const char *s : {"s1.json", "s2.json", "s3.json"}) {
      auto part = nlohmann::json::parse(readFile(dir + "/" + s));
      EXPECT_EQ(part["coverage"].contains("engine_parts"), engine != "clang") << s;
      if (engine == "clang") continue;
      int mine = part["coverage"]["cocci"]["scripts"]["devmap"]["files"].get<int>();
      EXPECT_LT(mine, whole["coverage"]["cocci"]["scripts"]["devmap"]["files"].get<int>()) << s;
      files += mine;
    }
    if (engine != "clang") EXPECT_EQ(files, whole["coverage"]["cocci"]["scripts"]["devmap"]["files"]);
    auto merged = runKconv({"merge", dir + "/s3.json", dir + "/s1.json", dir + "/s2.json",
                            "-o", dir + "/merged.json"});
    ASSERT_EQ(merged.exitCode, 0) << merged.err;
    EXPECT_EQ(readFile(dir + "/merged.json"), readFile(dir + "/whole.json"));
  }
  // The last round's shards (cocci): a set with one shard of another engine
  // is refused.
  auto incomplete = runKconv({"merge", dir + "/s1.json", dir + "/s2.json"});
  EXPECT_EQ(incomplete.exitCode, 2);
  EXPECT_NE(incomplete.err.find("incomplete"), std::string::npos);
  EXPECT_EQ(runKconv({"merge", dir + "/s1.json", dir + "/s1.json", dir + "/s2.json"}).exitCode, 2);
  EXPECT_EQ(runKconv({"merge", dir + "/whole.json"}).exitCode, 2);
  EXPECT_EQ(runKconv({"scan", "--tree", fixtureTree(), "--engine", "clang", "--shard", "4/3"}).exitCode, 2);
  ASSERT_EQ(runKconv({"scan", "--tree", fixtureTree(), "--no-cache", "--engine", "clang",
                      "--shard", "3/3", "-o", dir + "/clang3.json"}).exitCode, 0);
  auto mixed = runKconv({"merge", dir + "/s1.json", dir + "/s2.json", dir + "/clang3.json"});
  EXPECT_EQ(mixed.exitCode, 2);
  EXPECT_TRUE(oneErrorLine(mixed.err)) << mixed.err;
  // A shard of other Coccinelle chunks: refused, naming its file.
  ASSERT_EQ(runKconv({"scan", "--tree", fixtureTree(), "--no-cache", "--engine", "cocci",
                      "--cocci-chunk", "2", "--shard", "3/3", "--format", "json", "-o",
                      dir + "/chunk2.json"})
                .exitCode,
            0);
  auto chunks = runKconv({"merge", dir + "/s1.json", dir + "/s2.json", dir + "/chunk2.json"});
  EXPECT_EQ(chunks.exitCode, 2);
  EXPECT_TRUE(oneErrorLine(chunks.err)) << chunks.err;
  EXPECT_NE(chunks.err.find("chunk2.json: files_per_chunk differs"), std::string::npos) << chunks.err;
}

TEST(ScanCli, BadInputIsOneLineAndExitTwo) {
  auto notTree = runKconv({"scan", "--tree", test::scratchDir()});
  EXPECT_EQ(notTree.exitCode, 2);
  EXPECT_TRUE(oneErrorLine(notTree.err)) << notTree.err;
  EXPECT_NE(notTree.err.find("not a kernel tree"), std::string::npos);

  auto missing = runKconv({"scan", "--tree", "/nonexistent/linux"});
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_TRUE(oneErrorLine(missing.err)) << missing.err;

  auto badPath = runKconv({"scan", "--tree", fixtureTree(), "--paths", "no/such/dir"});
  EXPECT_EQ(badPath.exitCode, 2);
  EXPECT_NE(badPath.err.find("no such path"), std::string::npos);

  EXPECT_EQ(runKconv({"scan", "--format", "yaml"}).exitCode, 2);
  EXPECT_EQ(runKconv({"frobnicate"}).exitCode, 2);
  EXPECT_EQ(runKconv({"--version"}).exitCode, 0);
}

TEST(ScanCli, InTreeBuildWithoutDatabaseIsRefused) {
  std::string tree = test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "in-tree-build");
  fs::remove(tree + "/compile_commands.json");
  std::ofstream(tree + "/.config") << "CONFIG_MMU=y\n";
  auto run = runKconv({"scan", "--tree", tree});
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_TRUE(oneErrorLine(run.err)) << run.err;
  EXPECT_NE(run.err.find("in-tree build"), std::string::npos);
  EXPECT_TRUE(fs::exists(tree + "/.config"));  // the user's tree is left alone
}

TEST(ScanCli, UnwritableOutputIsAnError) {
  auto run = runKconv({"scan", "--tree", fixtureTree(), "-o", "/nonexistent/dir/out.json"});
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_TRUE(oneErrorLine(run.err)) << run.err;
}

}  // namespace
}  // namespace kconv
