// kconv propose --refactor pgmap-flags and devmap on the real
// linux-source-6.12 tree (label: kernel): one git copy of the tree, the scan
// limited to the mm sites (mm/, include/linux, lib/test_hmm.c, fs/dax.c),
// every commit compiled with the includers of touched headers limited to
// mm/ so the test stays within minutes. Facts checked were read in the v6.12
// sources by hand: which memory types each flag stands for, and which sites
// stay. Each series is then gated with and without the header shortcut: the
// findings deltas must be the same ("no finding lost").
#include <filesystem>
#include <set>
#include <sstream>

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

// A git repository holding a copy of the Debian tree (whose .gitignore
// ignores everything at the top: Debian packaging, hence add -f). Hard
// links (cp -al), as the gate's kernel test does: seconds and no disk, where
// a full copy is 1.5 GB per run; git and propose replace the files they
// write (and propose writes in its own worktree), so the linked originals
// are never written.
std::string makeGitCopyOfDefaultTree() {
  std::string src = kconv::ensureDefaultTree();
  std::string dst = kconv::test::scratchDir() + "/linux-6.12";
  kconv::ProcessOptions po;
  po.logPath = dst + ".log";
  po.stderrPath = dst + ".err";
  if (kconv::runProcess({"cp", "-al", src, dst}, po).exitCode != 0) {
    fs::remove_all(dst);
    EXPECT_EQ(kconv::runProcess({"cp", "-a", src, dst}, po).exitCode, 0)
        << "cp -a " << src << ": " << readFile(po.stderrPath);
  }
  git(dst, {"init", "-q", "-b", "master"});
  git(dst, {"config", "user.name", "Kconv Kernel Test"});
  git(dst, {"config", "user.email", "kernel-test@example.org"});
  git(dst, {"add", "-f", "-A", "."});
  git(dst, {"commit", "-q", "-m", "linux-source-6.12"});
  return dst;
}

// One copy for both tests (git add of 80,000 files takes a minute); each
// propose writes its own branch and never the checkout.
const std::string &gitCopyOfDefaultTree() {
  static const std::string tree = makeGitCopyOfDefaultTree();
  return tree;
}

// The gate's --paths for the shortcut comparison: what the series touches
// (its .c files are its TUs; its headers are where the shortcut's sites
// are) plus untouched readers of those headers that hold sites, within the
// CI budget (--paths mm is 150 TUs per side of each header commit).
std::vector<std::string> gatePaths(const std::string &tree, const std::string &range) {
  std::set<std::string> paths = {"mm/memory.c", "mm/huge_memory.c", "mm/swap.c", "fs/dax.c",
                                 "mm/hmm.c"};
  std::istringstream names(git(tree, {"diff", "--name-only", range}));
  for (std::string name; std::getline(names, name);)
    if (!name.empty()) paths.insert(name);
  return {paths.begin(), paths.end()};
}

}  // namespace

TEST(KernelPropose, PgmapFlagsSeriesOnV612CompilesAndLeavesOnlyKeepSites) {
  std::string tree = gitCopyOfDefaultTree();
  std::string head = git(tree, {"rev-parse", "HEAD"});
  std::string index = readFile(tree + "/.git/index");
  std::string out = kconv::test::scratchDir() + "/pgmap-out";

  auto run = kconv::test::runKconv(
      {"propose", "--refactor", "pgmap-flags", "--tree", tree, "--out", out, "-j", "2",
       "--paths", "mm", "include/linux", "lib/test_hmm.c", "--check-paths", "mm"});
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;

  // The user's checkout: same HEAD, same index bytes, nothing to commit.
  EXPECT_EQ(git(tree, {"rev-parse", "HEAD"}), head);
  EXPECT_EQ(readFile(tree + "/.git/index"), index);
  EXPECT_EQ(git(tree, {"status", "--porcelain"}), "");
  EXPECT_EQ(git(tree, {"symbolic-ref", "HEAD"}), "refs/heads/master\n");

  // Flags from types as the v6.12 tests they replace need them.
  std::string reg = git(tree, {"show", "kconv/pgmap-flags:mm/memremap.c"});
  EXPECT_NE(reg.find("\tcase MEMORY_DEVICE_PRIVATE:\n\t\treturn PGMAP_MANAGED_FREE | PGMAP_USE_SWAP_ENTRY;\n"
                     "\tcase MEMORY_DEVICE_COHERENT:\n\t\treturn PGMAP_MANAGED_FREE | PGMAP_NO_LONGTERM_PIN;\n"
                     "\tcase MEMORY_DEVICE_FS_DAX:\n\t\treturn PGMAP_WAKE_ON_IDLE;\n\tdefault:\n\t\treturn 0;"),
            std::string::npos);
  EXPECT_NE(reg.find("if (!pgmap_has_flag(folio->page.pgmap, PGMAP_MANAGED_FREE))"), std::string::npos);
  EXPECT_NE(reg.find("if (!pgmap_has_flag(folio->page.pgmap, PGMAP_WAKE_ON_IDLE))"), std::string::npos);
  std::string gup = git(tree, {"show", "kconv/pgmap-flags:mm/gup.c"});
  EXPECT_EQ(gup.find("folio_is_device_coherent("), std::string::npos);
  EXPECT_NE(gup.find("is_pci_p2pdma_page("), std::string::npos) << "P2PDMA stays";
  std::string mmh = git(tree, {"show", "kconv/pgmap-flags:include/linux/mm.h"});
  EXPECT_NE(mmh.find("if (folio_pgmap_has_flag(folio, PGMAP_NO_LONGTERM_PIN))"), std::string::npos);

  // Every commit compiled; checkpatch finds no error; only keep remains.
  auto checks = nlohmann::json::parse(readFile(out + "/compile-check.json"));
  ASSERT_GE(checks.size(), 3u);
  EXPECT_EQ(checks[0]["subject"], "mm/memremap: add pgmap behaviour flags set from the memory type");
  // Its memremap.h change (fresh PGMAP_* macros and helpers) is proven
  // confined: one includer per preprocessor context, not every includer.
  ASSERT_TRUE(checks[0]["proven_headers"].contains("include/linux/memremap.h"))
      << checks[0]["unproven_headers"].dump();
  const auto &memremap = checks[0]["proven_headers"]["include/linux/memremap.h"];
  EXPECT_GT(memremap["includers"].get<int>(), 1000);
  EXPECT_LT(memremap["compiled"].get<int>(), 200);
  for (const auto &c : checks) {
    EXPECT_EQ(c["failed"], 0) << c["subject"] << c["units"].dump(1).substr(0, 2000);
    EXPECT_EQ(c["new_warnings"], 0) << c["subject"];
    EXPECT_GT(c["units"].size(), 0u) << c["subject"];
  }
  for (const auto &p : nlohmann::json::parse(readFile(out + "/checkpatch.json")))
    EXPECT_EQ(p["errors"], 0) << p.dump(1);
  auto after = nlohmann::json::parse(readFile(out + "/inventory-after.json"));
  for (const auto &[behaviour, entry] : after["behaviours"].items()) {
    if (behaviour != "keep") {
      EXPECT_EQ(entry["sites"].size(), 0u) << behaviour << entry["sites"].dump(1);
    }
  }
  EXPECT_NE(readFile(out + "/cover-letter.txt").find("Inventory of pgmap-type sites"), std::string::npos);

  // No finding lost: memremap.h's fresh flags and helpers (commit 1), and
  // mm.h's and rmap.h's changed bodies (commit 2).
  std::string range = "master..kconv/pgmap-flags";
  auto runs = kconv::test::gateBothWays(tree, range, gatePaths(tree, range),
                                        kconv::test::scratchDir() + "/pgmap-gate");
  ASSERT_EQ(runs.shortcut["commits"].size(), checks.size());
  kconv::test::expectSameDeltas(runs);
  const auto &first = runs.shortcut["commits"][0]["findings"];
  EXPECT_EQ(first["header_shortcut"]["headers"], nlohmann::json::array({"include/linux/memremap.h"}))
      << first.dump(1).substr(0, 3000);
}

// The devmap series: pgtable.h gains pmd_/pud_trans_huge_or_devmap()
// (commit 1), then the exact idiom is replaced per subsystem, huge_mm.h's
// inline pud_trans_huge_lock() last (a body-only header change).
TEST(KernelPropose, DevmapSeriesOnV612CompilesAndTheGateLosesNoFinding) {
  std::string tree = gitCopyOfDefaultTree();
  std::string out = kconv::test::scratchDir() + "/devmap-out";
  auto run = kconv::test::runKconv({"propose", "--refactor", "devmap", "--tree", tree, "--out", out,
                                    "-j", "2", "--paths", "mm", "include/linux", "fs/dax.c",
                                    "--check-paths", "mm"});
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_EQ(git(tree, {"status", "--porcelain"}), "");

  std::string pgtable = git(tree, {"show", "kconv/devmap:include/linux/pgtable.h"});
  EXPECT_NE(pgtable.find("pmd_trans_huge_or_devmap("), std::string::npos);
  EXPECT_NE(pgtable.find("pud_trans_huge_or_devmap("), std::string::npos);
  std::string hmm = git(tree, {"show", "kconv/devmap:mm/hmm.c"});
  EXPECT_NE(hmm.find("pmd_trans_huge_or_devmap("), std::string::npos);
  auto checks = nlohmann::json::parse(readFile(out + "/compile-check.json"));
  ASSERT_GE(checks.size(), 3u);
  EXPECT_TRUE(checks[0]["proven_headers"].contains("include/linux/pgtable.h"))
      << checks[0]["unproven_headers"].dump();
  for (const auto &c : checks) {
    EXPECT_EQ(c["failed"], 0) << c["subject"] << c["units"].dump(1).substr(0, 2000);
    EXPECT_EQ(c["new_warnings"], 0) << c["subject"];
  }

  std::string range = "master..kconv/devmap";
  auto runs = kconv::test::gateBothWays(tree, range, gatePaths(tree, range),
                                        kconv::test::scratchDir() + "/devmap-gate");
  ASSERT_EQ(runs.shortcut["commits"].size(), checks.size());
  kconv::test::expectSameDeltas(runs);
}
