// kconv gate end to end on a miniature kernel repository (fixtures/
// mini-kernel: real clang findings, a Kbuild stand-in whose build really
// compiles the C files): the table, the first bad commit, the reports, the
// cache (rerun, rebase), bad input, and the user's checkout byte for byte,
// also after a run interrupted with SIGINT.
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "support/git_fixture.h"
#include "support/run_kconv.h"

extern char **environ;

namespace fs = std::filesystem;
using kconv::readFile;
using kconv::test::checkoutState;
using kconv::test::commitAll;
using kconv::test::replaceIn;
using kconv::test::git;
using kconv::test::runKconv;

namespace {

void write(const std::string &tree, const std::string &path, const std::string &text) {
  std::ofstream(fs::path(tree) / path) << text;
}

struct Series {
  std::string tree, base;
};

// master: the fixture; series: four commits, the second does not build and
// the fourth adds a pgmap-type test; series-v2: the first three and another
// fourth; slow: a first commit, then one whose build takes 60 s.
Series makeSeries() {
  // Each test starts from an empty cache, also when one process runs them all.
  fs::remove_all(kconv::test::scratchDir() + "/cache");
  std::string tree = kconv::test::makeGateFixtureRepo(kconv::test::scratchDir() + "/tree");
  std::string base = git(tree, {"rev-parse", "HEAD"}).substr(0, 40);
  git(tree, {"checkout", "-q", "-b", "series"});
  replaceIn(tree, "mm/memremap.c", "\tif (pgmap->type == MEMORY_DEVICE_PRIVATE)\n\t\tpgmap->ops",
            "\tif (pgmap->flags & PGMAP_ALTMAP_VALID)\n\t\tpgmap->ops");
  replaceIn(tree, "mm/memremap.c",
            "\tif (pgmap->type != MEMORY_DEVICE_PRIVATE &&\n\t    pgmap->type != MEMORY_DEVICE_COHERENT)\n",
            "\tif (!(pgmap->flags & PGMAP_ALTMAP_VALID))\n");
  commitAll(tree, "mm/memremap: test the altmap flag, not the type");
  replaceIn(tree, "mm/memremap.c", "\t\tpgmap->flags = 0;", "\t\tpgmap->flag = 0;");
  commitAll(tree, "mm/memremap: clear the flags in memunmap_pages");
  replaceIn(tree, "mm/memremap.c", "\t\tpgmap->flag = 0;", "\t\tpgmap->flags = 0;");
  commitAll(tree, "mm/memremap: fix the build");
  git(tree, {"branch", "series-v2"});
  std::ofstream(tree + "/mm/memremap.c", std::ios::app)
      << "\nbool pgmap_is_coherent(struct dev_pagemap *pgmap)\n{\n"
         "\treturn pgmap->type == MEMORY_DEVICE_COHERENT; \n}\n";
  commitAll(tree, "mm/memremap: add pgmap_is_coherent");
  git(tree, {"checkout", "-q", "series-v2"});
  std::ofstream(tree + "/mm/memremap.c", std::ios::app)
      << "\nbool pgmap_has_altmap(struct dev_pagemap *pgmap)\n{\n"
         "\treturn pgmap->flags & PGMAP_ALTMAP_VALID;\n}\n";
  commitAll(tree, "mm/memremap: add pgmap_has_altmap");
  git(tree, {"checkout", "-q", "-b", "slow", "series~3"});
  write(tree, "SLOW", "the stand-in build sleeps\n");
  commitAll(tree, "build slowly");
  git(tree, {"checkout", "-q", "master"});
  // The user's own work in progress: a modified tracked file, a staged
  // change and an untracked file, none of which gate may touch.
  replaceIn(tree, "mm/memremap.c", "switch (pgmap->type)", "switch (pgmap->type) /* wip */");
  write(tree, "include/linux/types.h", readFile(tree + "/include/linux/types.h") + "/* staged */\n");
  git(tree, {"add", "include/linux/types.h"});
  write(tree, "notes.txt", "untracked notes\n");
  return {tree, base};
}

size_t builds() {
  size_t n = 0;
  std::string root = kconv::test::scratchDir() + "/cache/test-build";
  if (!fs::exists(root)) return 0;
  for (const auto &d : fs::directory_iterator(root))
    if (fs::exists(d.path() / "fake-builds.log")) {
      std::string log = readFile((d.path() / "fake-builds.log").string());
      n += std::count(log.begin(), log.end(), '\n');
    }
  return n;
}

nlohmann::json gateJson(const std::string &dir) {
  return nlohmann::json::parse(readFile(dir + "/kconv-gate.json"));
}

TEST(GateCli, TableFirstBadCommitReportsAndUntouchedCheckout) {
  Series s = makeSeries();
  std::string before = checkoutState(s.tree);
  std::string reports = kconv::test::scratchDir() + "/reports";
  auto run = runKconv({"gate", "master..series", "--tree", s.tree, "--no-boot", "--report-dir",
                       reports, "-j", "2"});
  ASSERT_EQ(run.exitCode, 1) << run.out << run.err;
  EXPECT_EQ(checkoutState(s.tree), before);

  std::string bad = git(s.tree, {"rev-parse", "--short=12", "series~2"}).substr(0, 12);
  EXPECT_NE(run.out.find("first bad commit: " + bad +
                         " (\"mm/memremap: clear the flags in memunmap_pages\")"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("+0 -3 ~1     ok     -      0E/0W     PASS     mm/memremap: test the"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("FAIL   -      0E/0W     FAIL     mm/memremap: clear the flags"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(">> mm/memremap.c:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 new pgmap-type finding (the series converts pgmap-type)"),
            std::string::npos)
      << run.out;

  auto j = gateJson(reports);
  ASSERT_EQ(j["commits"].size(), 4u);
  EXPECT_EQ(j["first_bad_commit"]["index"], 2);
  EXPECT_EQ(j["commits"][0]["findings"]["removed"].size(), 3u);
  EXPECT_EQ(j["commits"][1]["build"]["state"], "failed");
  EXPECT_NE(j["commits"][1]["build"]["error"].get<std::string>().find("no member named 'flag'"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(reports + "/" + j["commits"][1]["build"]["log"].get<std::string>()));
  EXPECT_EQ(j["commits"][1]["findings"]["not_compared"].size(), 1u) << "its TU does not parse";
  EXPECT_EQ(j["commits"][2]["verdict"], "pass");
  EXPECT_EQ(j["commits"][3]["findings"]["new"][0]["function"], "pgmap_is_coherent");
  EXPECT_EQ(j["commits"][3]["checkpatch"]["errors"], 1) << "trailing white space";
  EXPECT_EQ(j["converted_categories"], nlohmann::json::array({"pgmap-type"}));
  EXPECT_NE(readFile(reports + "/kconv-gate.md").find("First bad commit: " + bad),
            std::string::npos);
  EXPECT_NE(readFile(reports + "/kconv-gate.junit.xml").find("failures=\"2\""), std::string::npos);
  EXPECT_EQ(builds(), 4u);

  // The same series again: every result from the cache, no build, the
  // same bytes in the report.
  std::string first = readFile(reports + "/kconv-gate.json");
  auto again = runKconv({"gate", "master..series", "--tree", s.tree, "--no-boot",
                         "--report-dir", reports});
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_EQ(builds(), 4u);
  EXPECT_EQ(readFile(reports + "/kconv-gate.json"), first);
  EXPECT_EQ(again.out, run.out);

  // A new version of the last commit: only that one is redone.
  auto v2 = runKconv({"gate", "master..series-v2", "--tree", s.tree, "--no-boot",
                      "--report-dir", reports});
  EXPECT_EQ(v2.exitCode, 1) << v2.out << v2.err;
  EXPECT_EQ(builds(), 5u);
  EXPECT_EQ(gateJson(reports)["commits"][3]["verdict"], "pass");
  EXPECT_EQ(checkoutState(s.tree), before);
}

TEST(GateCli, BadInputIsOneLineAndExitTwo) {
  Series s = makeSeries();
  std::string before = checkoutState(s.tree);
  for (const std::vector<std::string> &args :
       {std::vector<std::string>{"gate", "nosuch..series", "--tree", s.tree},
        {"gate", "series..series", "--tree", s.tree},
        {"gate", "series..master", "--tree", s.tree},
        {"gate", "master", "--tree", s.tree},
        {"gate", "master..series", "--tree", s.tree + "/mm"},
        {"gate", "master..series", "--tree", s.tree, "--report-dir", s.tree + "/out"},
        {"gate", "master..series", "--tree", s.tree, "--fail-on", "bild"},
        {"gate", "master..series", "--tree", s.tree, "--paths", "nosuch"},
        {"gate", "master..series", "--tree", s.tree, "--paths", "../tree"}}) {
    auto run = runKconv(args);
    EXPECT_EQ(run.exitCode, 2) << args[1] << run.out << run.err;
    EXPECT_TRUE(kconv::test::endsWithOneErrorLine(run.err)) << run.err;
  }
  EXPECT_EQ(checkoutState(s.tree), before);
  EXPECT_FALSE(fs::exists(s.tree + "/out"));
}

// --paths limits the findings delta to the TUs under the paths: the same
// delta when the paths hold the TUs the commit affects, nothing parsed and
// the affected TUs counted when they do not; the limit is in the reports.
TEST(GateCli, PathsLimitTheFindingsDelta) {
  Series s = makeSeries();
  std::string reports = kconv::test::scratchDir() + "/reports";
  auto within = runKconv({"gate", "master..series~3", "--tree", s.tree, "--no-build",
                          "--report-dir", reports, "--paths", "mm/"});
  ASSERT_EQ(within.exitCode, 0) << within.out << within.err;
  auto j = gateJson(reports);
  EXPECT_EQ(j["tree"]["findings_paths"], nlohmann::json::array({"mm"}));
  EXPECT_EQ(j["commits"][0]["findings"]["removed"].size(), 3u);
  EXPECT_EQ(j["commits"][0]["findings"]["units"], 1);
  EXPECT_EQ(j["commits"][0]["findings"]["units_outside_paths"], 0);
  EXPECT_NE(readFile(reports + "/kconv-gate.md").find("TUs under mm only"), std::string::npos);

  auto outside = runKconv({"gate", "master..series~3", "--tree", s.tree, "--no-build",
                           "--report-dir", reports, "--paths", "include"});
  ASSERT_EQ(outside.exitCode, 0) << outside.out << outside.err;
  j = gateJson(reports);
  EXPECT_EQ(j["commits"][0]["findings"]["removed"].size(), 0u);
  EXPECT_EQ(j["commits"][0]["findings"]["units"], 0);
  EXPECT_EQ(j["commits"][0]["findings"]["units_outside_paths"], 1);
}

// Spawns kconv with the same environment runKconv gives it.
pid_t spawnKconv(const std::vector<std::string> &args, const std::string &out) {
  std::vector<std::string> argv = {KCONV_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char *> cargv;
  for (std::string &a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::vector<std::string> env = {"CI=1", "KCONV_CACHE=" + kconv::test::scratchDir() + "/cache"};
  for (char **e = environ; *e; ++e)
    if (std::string(*e).rfind("KCONV_CACHE=", 0) != 0) env.emplace_back(*e);
  std::vector<char *> cenv;
  for (std::string &e : env) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (out + ".err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  EXPECT_EQ(posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), cenv.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

TEST(GateCli, SigintStopsKeepsFinishedResultsAndLeavesTheCheckoutAlone) {
  Series s = makeSeries();
  std::string before = checkoutState(s.tree);
  std::string reports = kconv::test::scratchDir() + "/reports";
  std::string out = kconv::test::scratchDir() + "/slow.out";
  pid_t pid = spawnKconv({"gate", "master..slow", "--tree", s.tree, "--no-boot", "--report-dir",
                          reports},
                         out);
  // Wait until the first commit is reported and the second build sleeps.
  auto start = std::chrono::steady_clock::now();
  int status = 0;
  while (builds() < 2 && std::chrono::steady_clock::now() - start < std::chrono::seconds(50)) {
    ASSERT_EQ(::waitpid(pid, &status, WNOHANG), 0) << readFile(out) << readFile(out + ".err");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(builds(), 2u) << readFile(out) << readFile(out + ".err");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  auto sent = std::chrono::steady_clock::now();
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_LT(std::chrono::steady_clock::now() - sent, std::chrono::seconds(20))
      << "the sleeping build was not stopped";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << readFile(out) << readFile(out + ".err");
  EXPECT_NE(readFile(out + ".err").find("interrupted after 1 of 2 commits"), std::string::npos);

  auto j = gateJson(reports);
  EXPECT_EQ(j["interrupted"], true);
  ASSERT_EQ(j["commits"].size(), 1u);
  EXPECT_EQ(j["commits"][0]["verdict"], "pass");
  EXPECT_NE(readFile(reports + "/kconv-gate.junit.xml").find("<skipped"), std::string::npos);
  EXPECT_EQ(checkoutState(s.tree), before);

  // The finished commit was cached: gating it again builds nothing.
  auto rerun = runKconv({"gate", "master..slow~1", "--tree", s.tree, "--no-boot",
                         "--report-dir", reports});
  EXPECT_EQ(rerun.exitCode, 0) << rerun.out << rerun.err;
  EXPECT_EQ(builds(), 2u);
  EXPECT_EQ(checkoutState(s.tree), before);
}

}  // namespace
