// kconv gate on the real linux-source-6.12 tree (label: kernel): a git copy
// of the Debian tree (hard links, made once in the build directory and kept,
// so its path is stable and rebuilds hit ccache) with the fixture series
// tests/fixtures/gate-series applied: four commits on mm/memremap.c that
// turn FS-DAX type tests into a PGMAP_WAKE_ON_IDLE flag, the third of
// which does not build (pgmap->flag). Without boot: the kernel build of
// each commit, the findings delta and checkpatch; then the rerun from the
// cache, which must be immediate.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "kernel/default_tree.h"
#include "kernel/process.h"
#include "support/gate_deltas.h"
#include "support/git_fixture.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;
using kconv::readFile;
using kconv::test::git;

namespace {

bool hasMaster(const std::string &repo) {
  kconv::ProcessOptions po;
  return fs::exists(repo + "/.git") &&
         kconv::runProcess({"git", "-C", repo, "rev-parse", "-q", "--verify", "refs/heads/master"},
                           po)
                 .exitCode == 0;
}

// A git repository of the Debian tree at a stable path: made on the first
// run (cp -al: hard links, seconds; git add: about a minute), then reused.
// Git replaces the files it writes (unlink + create), so the hard-linked
// originals are never written; the test checks that below. Auto gc is off:
// it would repack 80,000 loose objects in the middle of a test.
std::string gitCopyOfDefaultTree() {
  std::string dst = KCONV_GATE_KERNEL_DIR "/linux-6.12";
  if (!hasMaster(dst)) {
    std::string src = kconv::ensureDefaultTree();
    fs::remove_all(dst);
    fs::create_directories(fs::path(dst).parent_path());
    kconv::ProcessOptions po;
    po.logPath = dst + ".log";
    if (kconv::runProcess({"cp", "-al", src, dst}, po).exitCode != 0) {
      fs::remove_all(dst);
      EXPECT_EQ(kconv::runProcess({"cp", "-a", src, dst}, po).exitCode, 0);
    }
    git(dst, {"init", "-q", "-b", "master"});
    git(dst, {"config", "user.name", "Kconv Fixture"});
    git(dst, {"config", "user.email", "fixture@example.org"});
    git(dst, {"config", "gc.auto", "0"});
    git(dst, {"add", "-f", "-A", "."});
    git(dst, {"commit", "-q", "-m", "linux-source-6.12"});
  }
  return dst;
}

// (Re)makes branch gate-series: master plus the fixture patches, with the
// authors' dates as commit dates so the commit ids are the same every run.
void applySeries(const std::string &tree, const std::string &series = "gate-series") {
  git(tree, {"checkout", "-q", "-f", "master"});
  git(tree, {"checkout", "-q", "-B", series});
  std::vector<std::string> patches;
  for (const auto &e : fs::directory_iterator(KCONV_TEST_FIXTURES "/" + series))
    if (e.path().extension() == ".patch") patches.push_back(e.path().string());
  std::sort(patches.begin(), patches.end());
  std::vector<std::string> am = {"am", "-q", "--committer-date-is-author-date"};
  am.insert(am.end(), patches.begin(), patches.end());
  git(tree, am);
  git(tree, {"checkout", "-q", "master"});
}

double secondsOf(const std::function<void()> &f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST(KernelGate, V612SeriesNamesTheBrokenCommitAndRerunsFromTheCache) {
  std::string tree = gitCopyOfDefaultTree();
  applySeries(tree);
  // The hard-linked Debian tree is shared: it must still be the original.
  std::string original = readFile(kconv::ensureDefaultTree() + "/mm/memremap.c");
  ASSERT_EQ(original.find("PGMAP_WAKE_ON_IDLE"), std::string::npos)
      << "the series leaked into the Debian tree";
  std::string head = git(tree, {"rev-parse", "HEAD"});
  std::string index = readFile(tree + "/.git/index");
  std::string reports = kconv::test::scratchDir() + "/reports";
  std::vector<std::string> args = {"gate", "master..gate-series", "--tree", tree, "--no-boot",
                                   "-j", "2", "--report-dir", reports};

  kconv::test::KconvRun first;
  double firstSeconds = secondsOf([&] { first = kconv::test::runKconv(args); });
  ASSERT_EQ(first.exitCode, 1) << first.out << first.err;
  std::cout << first.out << "first run: " << firstSeconds << " s\n"
            << readFile(reports + "/kconv-gate-timings.json");

  std::string bad = git(tree, {"rev-parse", "--short=12", "gate-series~1"}).substr(0, 12);
  EXPECT_NE(first.out.find("first bad commit: " + bad +
                           " (\"mm/memremap: test PGMAP_WAKE_ON_IDLE in "
                           "__put_devmap_managed_folio_refs\")"),
            std::string::npos)
      << first.out;
  auto j = nlohmann::json::parse(readFile(reports + "/kconv-gate.json"));
  ASSERT_EQ(j["commits"].size(), 4u);
  for (int i : {0, 1, 3}) {
    EXPECT_EQ(j["commits"][i]["verdict"], "pass") << j["commits"][i].dump(1);
    EXPECT_EQ(j["commits"][i]["build"]["state"], "passed");
  }
  EXPECT_EQ(j["commits"][1]["findings"]["removed"].size(), 2u) << "devmap_managed_enable_{get,put}";
  EXPECT_EQ(j["commits"][1]["findings"]["new"].size(), 0u);
  EXPECT_EQ(j["commits"][2]["build"]["state"], "failed");
  EXPECT_NE(j["commits"][2]["build"]["error"].get<std::string>().find(
                "mm/memremap.c:526:27: error: no member named 'flag' in 'struct dev_pagemap'"),
            std::string::npos)
      << j["commits"][2]["build"].dump(1);
  EXPECT_TRUE(fs::exists(reports + "/" + j["commits"][2]["build"]["log"].get<std::string>()));
  EXPECT_EQ(j["commits"][2]["findings"]["not_compared"].size(), 1u);
  EXPECT_EQ(j["commits"][2]["checkpatch"]["warnings"], 1) << "no commit description";
  EXPECT_EQ(j["converted_categories"], nlohmann::json::array({"pgmap-type"}));

  // The user's checkout: same HEAD, same index, nothing to commit.
  EXPECT_EQ(git(tree, {"rev-parse", "HEAD"}), head);
  EXPECT_EQ(readFile(tree + "/.git/index"), index);
  EXPECT_EQ(git(tree, {"status", "--porcelain"}), "");

  // Unchanged series: every commit from the cache, the same report.
  std::string report = readFile(reports + "/kconv-gate.json");
  kconv::test::KconvRun again;
  double againSeconds = secondsOf([&] { again = kconv::test::runKconv(args); });
  std::cout << "rerun from the cache: " << againSeconds << " s\n";
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_EQ(again.out, first.out);
  EXPECT_EQ(readFile(reports + "/kconv-gate.json"), report);
  EXPECT_LT(againSeconds, 15.0);
}

// The same series as a maintainer receives it: format-patch's mailbox with a
// cover letter and base-commit:, the fourth patch made not to apply. Patches
// 1-3 give the branch's results (from the gate's cache: same trees, same
// messages), patch 3's reply quotes the compiler's error, patch 4 is its own
// "does not apply", and the repository gains nothing.
TEST(KernelGate, V612SeriesFromItsMailbox) {
  std::string tree = gitCopyOfDefaultTree();
  applySeries(tree);
  std::string mbox = kconv::test::scratchDir() + "/series.mbox";
  std::string text = git(tree, {"format-patch", "--cover-letter", "--thread", "--base=master",
                                "--stdout", "master..gate-series"});
  size_t fourth = text.find("[PATCH 4/4]");
  ASSERT_NE(fourth, std::string::npos);
  size_t hunk = text.find("\n@@ ", fourth);
  text.insert(text.find("\n ", hunk + 1) + 2, "changed ");
  std::ofstream(mbox) << text;
  std::string objects = git(tree, {"count-objects", "-v"}), refs = git(tree, {"for-each-ref"});
  std::string reports = kconv::test::scratchDir() + "/mail-reports";
  auto run = kconv::test::runKconv({"gate", "--mbox", mbox, "--tree", tree, "--no-boot", "-j", "2",
                                    "--report-dir", reports});
  std::cout << run.out;
  EXPECT_EQ(run.exitCode, 1) << run.err;
  auto j = nlohmann::json::parse(readFile(reports + "/kconv-gate.json"));
  ASSERT_EQ(j["commits"].size(), 4u);
  EXPECT_EQ(j["commits"][2]["build"]["state"], "failed");
  EXPECT_EQ(j["commits"][3]["commit"], "");
  EXPECT_NE(j["commits"][3]["apply_error"].get<std::string>().find("patch failed: mm/memremap.c"),
            std::string::npos);
  EXPECT_EQ(j["first_bad_commit"]["index"], 3);
  std::vector<std::string> mails;
  for (const auto &e : fs::directory_iterator(reports + "/mail")) mails.push_back(e.path().string());
  std::sort(mails.begin(), mails.end());
  ASSERT_EQ(mails.size(), 2u);
  std::string third = readFile(mails[0]);
  std::cout << third;
  EXPECT_NE(third.find("Subject: Re: [PATCH 3/4] mm/memremap: test PGMAP_WAKE_ON_IDLE in"),
            std::string::npos);
  EXPECT_NE(third.find("In-Reply-To: <"), std::string::npos);
  EXPECT_NE(third.find("\n   mm/memremap.c:526:27: error: no member named 'flag' in 'struct dev_pagemap'"),
            std::string::npos);
  EXPECT_EQ(third.find("checkout/"), std::string::npos) << "paths into kconv's scratch checkout";
  EXPECT_NE(readFile(mails[1]).find("does not apply"), std::string::npos);
  EXPECT_EQ(git(tree, {"count-objects", "-v"}), objects);
  EXPECT_EQ(git(tree, {"for-each-ref"}), refs);
  EXPECT_FALSE(fs::exists(tree + "/.git/rebase-apply"));
}

// tests/fixtures/header-series: six commits on include/linux/mm.h (v6.12)
// that the header shortcut must get right: a trigger-free helper, a helper
// that reads page->mapping (+1 site in mm.h), a body-only change above it
// (the site moves), a new macro reading ->mapping (fresh: confined, parsed
// at the commit since its body names a trigger), a helper
// whose name only a .c file of the same commit uses (confined: that TU is
// analysed whole anyway), and a
// helper that does not compile (the shortcut's probe fails: every reader
// whole). Gated with and without the shortcut, --paths mm so the full
// analysis stays within minutes: each commit's new, removed and moved
// sites must be the same (docs/gate.md, "Header commits").
TEST(KernelGate, HeaderShortcutGivesTheFullDelta) {
  std::string tree = gitCopyOfDefaultTree();
  applySeries(tree, "header-series");
  kconv::test::GateBothWays runs = kconv::test::gateBothWays(
      tree, "master..header-series", {"mm"}, kconv::test::scratchDir() + "/header-series");
  const nlohmann::json &fast = runs.shortcut, &full = runs.full;
  ASSERT_EQ(fast["commits"].size(), 6u);
  ASSERT_EQ(full["commits"].size(), 6u);
  kconv::test::expectSameDeltas(runs);
  auto shortcutOf = [&](size_t i) { return fast["commits"][i]["findings"]["header_shortcut"]; };
  for (size_t i : {0, 1, 2}) {
    EXPECT_EQ(shortcutOf(i)["headers"], nlohmann::json::array({"include/linux/mm.h"}))
        << "commit " << i + 1 << ": " << shortcutOf(i).dump();
    EXPECT_GT(shortcutOf(i)["readers"].get<int>(), 50);
    EXPECT_LT(shortcutOf(i)["parsed_at_commit"].get<int>(), 10);
  }
  // The helper of commit 1 names no trigger and no macro (tools/'s
  // `#define bool` is not the kernel's), and commit 3 changes a comment
  // only: their sites are the parent's, moved, and only the probe is
  // parsed at the commit. Commit 2 adds a ->mapping read: parsed.
  for (size_t i : {0, 2}) {
    EXPECT_EQ(shortcutOf(i)["sites_moved_from_parent"], nlohmann::json::array({"include/linux/mm.h"}))
        << "commit " << i + 1;
    EXPECT_EQ(shortcutOf(i)["parsed_at_commit"], 1) << "commit " << i + 1;
  }
  EXPECT_EQ(shortcutOf(1)["sites_moved_from_parent"], nlohmann::json::array());
  EXPECT_EQ(shortcutOf(3)["headers"], nlohmann::json::array({"include/linux/mm.h"}))
      << shortcutOf(3).dump();
  EXPECT_EQ(shortcutOf(3)["sites_moved_from_parent"], nlohmann::json::array());
  EXPECT_LT(shortcutOf(3)["parsed_at_commit"].get<int>(), 10);
  auto refusal = [&](size_t i) { return shortcutOf(i)["refused"].dump(); };
  // Commit 5's helper is named in mm/util.c, which the same commit touches:
  // its TU is analysed whole at both sides, so the helper is fresh enough.
  EXPECT_EQ(shortcutOf(4)["headers"], nlohmann::json::array({"include/linux/mm.h"}))
      << shortcutOf(4).dump();
  EXPECT_NE(refusal(5).find("fails at the commit"), std::string::npos) << refusal(5);
  // What the commits do to the sites, as a full re-scan sees it.
  EXPECT_EQ(full["commits"][0]["findings"]["new"].size(), 0u);
  ASSERT_EQ(full["commits"][1]["findings"]["new"].size(), 1u);
  EXPECT_EQ(full["commits"][1]["findings"]["new"][0]["file"], "include/linux/mm.h");
  // The new read and the two sites further down mm.h move by 3 lines.
  EXPECT_EQ(full["commits"][2]["findings"]["moved"].size(), 3u);
}

// tests/fixtures/gate-series-arm64: two commits on
// arch/arm64/include/asm/pgtable.h, the second of which breaks only the
// arm64 build (an undeclared PTE_DEVMAP_MASK). Gated with --arch
// x86_64,arm64 and the boot, the second commit fails naming arm64 and the
// compiler's error, the first passes every step on both architectures
// (arm64's QEMU tests included), and x86_64 alone passes the series.
// Opt-in (KCONV_E2E_ARM64): a cold arm64 kernel build takes ~10 minutes.
TEST(KernelGate, Arm64OnlyBreakIsNamedAndBootsArm64) {
  std::string tree = gitCopyOfDefaultTree();
  applySeries(tree, "gate-series-arm64");
  std::string reports = kconv::test::scratchDir() + "/reports-arm64";
  auto both = kconv::test::runKconv({"gate", "master..gate-series-arm64", "--tree", tree,
                                     "--arch", "x86_64,arm64", "--paths", "mm", "-j", "2",
                                     "--report-dir", reports});
  std::cout << both.out;
  EXPECT_EQ(both.exitCode, 1) << both.err;
  EXPECT_NE(both.out.find("build failed (arm64): "), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("PTE_DEVMAP_MASK"), std::string::npos) << both.out;
  auto j = nlohmann::json::parse(readFile(reports + "/kconv-gate.json"));
  ASSERT_EQ(j["commits"].size(), 2u);
  EXPECT_EQ(j["first_bad_commit"]["index"], 2);
  EXPECT_EQ(j["commits"][0]["arch_tests"]["arm64"]["state"], "passed");
  EXPECT_EQ(j["commits"][0]["tests"]["state"], "passed");
  EXPECT_EQ(j["commits"][1]["build"]["state"], "passed") << "x86_64 builds";
  EXPECT_EQ(j["commits"][1]["arch_builds"]["arm64"]["state"], "failed");
  // arm64's findings delta over mm/ (x86_64 has no TU that reads the file).
  EXPECT_EQ(j["commits"][0]["findings"]["units"], 0);
  EXPECT_GT(j["commits"][0]["arch_findings"]["arm64"]["units"].get<int>(), 0);

  auto x86 = kconv::test::runKconv({"gate", "master..gate-series-arm64", "--tree", tree,
                                    "--no-boot", "--paths", "mm", "-j", "2", "--report-dir",
                                    reports + "-x86"});
  EXPECT_EQ(x86.exitCode, 0) << x86.out << x86.err;
}

// tests/fixtures/api-series: the ZONE_DEVICE API moved on v6.12 the way
// upstream moved it after 6.12 (folio_free, zone_device_page_init(page,
// pgmap, order), FS-DAX pages free at refcount 0 with dax_page_is_idle()).
// Gated with the boot, every commit builds and passes kconv test: the
// KUnit suite compiles against each commit's API, and the refcount
// convention read from each commit moves from "split" to "zero-based" at
// the third. The series moves an API, it converts nothing: it does add
// pgmap->type tests (the FS-DAX cases of the free-at-0 convention), which
// the findings delta must show, so findings do not fail it here
// (--fail-on). Opt-in (KCONV_E2E_MOVED_API): three header commits mean
// three kernel builds that ccache cannot serve, about 30 minutes on 2 cores.
TEST(KernelGate, MovedApiSeriesBuildsBootsAndPassesEveryCommit) {
  std::string tree = gitCopyOfDefaultTree();
  applySeries(tree, "api-series");
  std::string reports = kconv::test::scratchDir() + "/reports-api";
  auto run = kconv::test::runKconv({"gate", "master..api-series", "--tree", tree, "--paths", "mm",
                                    "--fail-on", "build,tests,splat,checkpatch", "-j", "2",
                                    "--report-dir", reports});
  std::cout << run.out;
  EXPECT_EQ(run.exitCode, 0) << run.err;
  auto j = nlohmann::json::parse(readFile(reports + "/kconv-gate.json"));
  ASSERT_EQ(j["commits"].size(), 3u);
  const char *apis[] = {"zone_device_page_init(page), folio_free(folio), page->pgmap",
                        "zone_device_page_init(page, pgmap, order), folio_free(folio), page->pgmap",
                        "zone_device_page_init(page, pgmap, order), folio_free(folio), page->pgmap"};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    const auto &c = j["commits"][i];
    EXPECT_EQ(c["build"]["state"], "passed");
    EXPECT_EQ(c["tests"]["state"], "passed") << c["tests"].dump(1);
    EXPECT_EQ(c["tests"]["zone_device_api"], apis[i]);
    EXPECT_EQ(c["tests"]["convention"].get<std::string>().substr(0, i < 2 ? 6 : 11),
              i < 2 ? "split:" : "zero-based:");
  }
  // The third commit's new FS-DAX type tests, in mm/mm_init.c.
  bool initTest = false;
  for (const auto &f : j["commits"][2]["findings"]["new"])
    initTest |= f["file"] == "mm/mm_init.c" && f["rule"] == "pgmap-type.compare";
  EXPECT_TRUE(initTest) << j["commits"][2]["findings"].dump(1);
}
