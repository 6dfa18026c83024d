// kconv propose --refactor pgmap-flags end to end on a miniature kernel tree
// made a git repository: the series, its checks, and that the user's
// checkout is left byte for byte as it was.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "support/git_fixture.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;
using kconv::readFile;
using kconv::test::checkoutState;
using kconv::test::git;
using kconv::test::runKconv;

namespace {

std::string fixtureRepo(const std::string &name) {
  return kconv::test::makeKernelFixtureRepo(KCONV_TEST_FIXTURES "/mini-kernel",
                                            kconv::test::scratchDir() + "/" + name + "/linux");
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST(ProposePgmapFlags, WritesACheckedSeriesAndLeavesTheCheckoutAlone) {
  std::string tree = fixtureRepo("series");
  std::string out = kconv::test::scratchDir() + "/series-out";
  std::string before = checkoutState(tree);

  auto run = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree, "--out", out,
                       "-j", "2"});
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_EQ(checkoutState(tree), before);

  // Patch 1 adds the flags; then one patch per MAINTAINERS entry, the
  // entry with most conversions first.
  auto subjects = lines(git(tree, {"log", "--reverse", "--format=%s", "master..kconv/pgmap-flags"}));
  ASSERT_EQ(subjects.size(), 4u) << run.out;
  EXPECT_EQ(subjects[0], "mm/memremap: add pgmap behaviour flags set from the memory type");
  EXPECT_EQ(subjects[1], "mm: test pgmap behaviour flags instead of the memory types");
  EXPECT_EQ(subjects[2], "lib/test_hmm: test pgmap behaviour flags instead of the memory types");
  EXPECT_EQ(subjects[3], "mm/memory-failure: test PGMAP_MANAGED_FREE instead of the memory type");
  EXPECT_EQ(git(tree, {"diff", "--name-only", "master", "kconv/pgmap-flags~3"}),
            "include/linux/memremap.h\nmm/memremap.c\n");

  // The conversions, as the semantic patches write them.
  std::string gup = git(tree, {"show", "kconv/pgmap-flags:mm/gup.c"});
  EXPECT_NE(gup.find("folio_pgmap_has_flag(folios[i], PGMAP_NO_LONGTERM_PIN)"), std::string::npos);
  EXPECT_NE(gup.find("is_pci_p2pdma_page(page)"), std::string::npos) << "kept";
  std::string hmm = git(tree, {"show", "kconv/pgmap-flags:lib/test_hmm.c"});
  EXPECT_NE(hmm.find("#define BACKING_PAGE(page) (page_pgmap_has_flag((page), PGMAP_USE_SWAP_ENTRY)"),
            std::string::npos);
  EXPECT_NE(hmm.find("!page_pgmap_has_flag(spage, PGMAP_MANAGED_FREE)"), std::string::npos);
  EXPECT_NE(hmm.find("if (is_device_private_page(page))"), std::string::npos) << "dmirror_mkentry keeps";
  std::string mf = git(tree, {"show", "kconv/pgmap-flags:mm/memory-failure.c"});
  EXPECT_NE(mf.find("if (pgmap_has_flag(pgmap, PGMAP_MANAGED_FREE)) {"), std::string::npos);
  std::string reg = git(tree, {"show", "kconv/pgmap-flags:mm/memremap.c"});
  EXPECT_NE(reg.find("\tcase MEMORY_DEVICE_PRIVATE:\n\t\treturn PGMAP_MANAGED_FREE | PGMAP_USE_SWAP_ENTRY;"),
            std::string::npos) << reg;
  EXPECT_NE(reg.find("pgmap->flags |= pgmap_type_flags(pgmap->type);"), std::string::npos);

  // Every commit compiled, checkpatch clean, only keep sites after.
  auto checks = nlohmann::json::parse(readFile(out + "/compile-check.json"));
  ASSERT_EQ(checks.size(), 4u);
  // memremap.h gains fresh flags and helpers: proven confined, so one of
  // its six includers stands for their one preprocessor context (not
  // mm/broken.c, which the scan could not parse), plus mm/memremap.c.
  EXPECT_EQ(checks[0]["units"].size(), 2u) << checks[0].dump(1);
  EXPECT_EQ(checks[0]["proven_headers"]["include/linux/memremap.h"],
            (nlohmann::json{{"includers", 6}, {"compiled", 1}}));
  EXPECT_EQ(checks[0]["failed_at_parent_too"], 0);
  for (const auto &c : checks) {
    EXPECT_EQ(c["failed"], 0) << c.dump(1);
    EXPECT_EQ(c["new_warnings"], 0) << c.dump(1);
  }
  auto after = nlohmann::json::parse(readFile(out + "/inventory-after.json"));
  for (const auto &[behaviour, entry] : after["behaviours"].items()) {
    if (behaviour != "keep") {
      EXPECT_EQ(entry["sites"].size(), 0u) << behaviour;
    }
  }
  EXPECT_EQ(after["behaviours"]["keep"]["sites"].size(),
            nlohmann::json::parse(readFile(out + "/inventory-before.json"))["behaviours"]["keep"]["sites"].size() + 2)
      << "pgmap_type_flags(pgmap->type) is one more registration read, and "
         "page_pgmap_has_flag() one more is_zone_device_page() test";
  std::string cover = readFile(out + "/cover-letter.txt");
  EXPECT_NE(cover.find("Subject: [PATCH 0/4] mm: pgmap behaviour flags instead of memory-type tests"),
            std::string::npos);
  EXPECT_NE(cover.find("checkpatch.pl: 0 errors, 0 warnings in 4 patches."), std::string::npos) << cover;
  EXPECT_TRUE(fs::exists(out + "/patches/0001-mm-memremap-add-pgmap-behaviour-flags-set-from-the-m.patch"));
  EXPECT_EQ(nlohmann::json::parse(readFile(out + "/worklist.json")).size(), 0u);
}

// --check-every-includer: the old way, every includer of memremap.h, the
// one that never compiles included (charged to the parent, not the series).
TEST(ProposePgmapFlags, EveryIncluderWhenAsked) {
  std::string tree = fixtureRepo("every");
  std::string out = kconv::test::scratchDir() + "/every-out";
  auto run = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree, "--out", out,
                       "-j", "2", "--check-every-includer"});
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  auto checks = nlohmann::json::parse(readFile(out + "/compile-check.json"));
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_EQ(checks[0]["units"].size(), 6u) << "memremap.h: every TU includes it";
  EXPECT_EQ(checks[0]["failed_at_parent_too"], 1) << "mm/broken.c never compiles";
  EXPECT_TRUE(checks[0]["proven_headers"].empty());
  for (const auto &c : checks) EXPECT_EQ(c["failed"], 0) << c.dump(1);
}

TEST(ProposePgmapFlags, RerunsGiveTheSameCommits) {
  std::string tree = fixtureRepo("rerun");
  auto first = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree, "--no-check"});
  ASSERT_EQ(first.exitCode, 0) << first.err;
  std::string tip = git(tree, {"rev-parse", "kconv/pgmap-flags"});
  auto again = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree, "--no-check"});
  EXPECT_EQ(again.exitCode, 2) << "the branch exists";
  EXPECT_NE(again.err.find("exists; pass --force"), std::string::npos) << again.err;
  auto forced = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree, "--no-check",
                          "--force", "--signoff"});
  ASSERT_EQ(forced.exitCode, 0) << forced.err;
  EXPECT_NE(git(tree, {"rev-parse", "kconv/pgmap-flags"}), tip) << "--signoff changes the messages";
  EXPECT_NE(git(tree, {"log", "-1", "--format=%b", "kconv/pgmap-flags"})
                .find("Signed-off-by: Kconv Tester <tester@example.org>"),
            std::string::npos);
  auto plain = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree, "--no-check",
                         "--force"});
  ASSERT_EQ(plain.exitCode, 0) << plain.err;
  EXPECT_EQ(git(tree, {"rev-parse", "kconv/pgmap-flags"}), tip);
  EXPECT_EQ(git(tree, {"log", "-1", "--format=%ad %cd", "--date=unix", "kconv/pgmap-flags"}),
            git(tree, {"log", "-1", "--format=%cd %cd", "--date=unix", "master"}))
      << "dates come from the base commit";
}

TEST(ProposePgmapFlags, RefusesTreesItMustNotTouch) {
  std::string tree = fixtureRepo("refuse");
  std::string before = checkoutState(tree);
  auto onHead = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree, "--branch",
                          "master", "--no-check"});
  EXPECT_EQ(onHead.exitCode, 2);
  EXPECT_NE(onHead.err.find("is checked out"), std::string::npos) << onHead.err;
  EXPECT_EQ(checkoutState(tree), before);

  std::ofstream(tree + "/mm/gup.c", std::ios::app) << "/* edit */\n";
  auto dirty = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", tree});
  EXPECT_EQ(dirty.exitCode, 2);
  EXPECT_EQ(dirty.err, "kconv: error: the work tree of " + tree +
                           " is not clean (mm/gup.c); commit or stash first: the series is "
                           "built on HEAD\n");

  std::string plain = kconv::test::scratchDir() + "/not-git";
  fs::create_directories(plain);
  auto notGit = runKconv({"propose", "--refactor", "pgmap-flags", "--tree", plain});
  EXPECT_EQ(notGit.exitCode, 2);
  EXPECT_EQ(notGit.err, "kconv: error: not a git repository: " + plain + "\n");
}

TEST(ProposeMechanical, DevmapConvertsOnlyTheSingleValuedIdiom) {
  std::string tree = fixtureRepo("devmap");
  std::string out = kconv::test::scratchDir() + "/devmap-out";
  std::string before = checkoutState(tree);
  auto run = runKconv({"propose", "--refactor", "devmap", "--tree", tree, "--out", out});
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_EQ(checkoutState(tree), before);
  auto subjects = lines(git(tree, {"log", "--reverse", "--format=%s", "master..kconv/devmap"}));
  EXPECT_EQ(subjects, (std::vector<std::string>{
                          "mm: add pmd_trans_huge_or_devmap() and pud_trans_huge_or_devmap()",
                          "mm/huge_memory: use pXd_trans_huge_or_devmap() for the huge-leaf test"}));
  std::string code = git(tree, {"show", "kconv/devmap:mm/huge_memory.c"});
  EXPECT_NE(code.find("if (pmd_trans_huge_or_devmap(*pmd))"), std::string::npos) << code;
  EXPECT_NE(code.find("if (!pud_trans_huge_or_devmap(pud))"), std::string::npos) << code;
  EXPECT_NE(code.find("pmd_trans_huge(pmdp_get(pmdp)) || pmd_devmap(pmdp_get(pmdp))"),
            std::string::npos) << "two calls are not one value";
  auto worklist = nlohmann::json::parse(readFile(out + "/worklist.json"));
  std::set<std::string> todo;
  for (const auto &w : worklist) todo.insert(w["function"].get<std::string>() + ":" + w["rule"].get<std::string>());
  EXPECT_TRUE(todo.count("pmd_unstable:devmap.pmd_devmap")) << worklist.dump(1);
  EXPECT_TRUE(todo.count("follow_devmap_pte:devmap.pte_devmap")) << worklist.dump(1);
  EXPECT_FALSE(todo.count("zap_huge_pmd:devmap.pmd_devmap"));
  auto checks = nlohmann::json::parse(readFile(out + "/compile-check.json"));
  ASSERT_EQ(checks.size(), 2u);
  for (const auto &c : checks) EXPECT_EQ(c["failed"], 0) << c.dump(1);
}

TEST(ProposeMechanical, PageMappingConvertsOnlyProvenFolioPages) {
  std::string tree = fixtureRepo("page-mapping");
  std::string out = kconv::test::scratchDir() + "/pm-out";
  auto run = runKconv({"propose", "--refactor", "page-mapping", "--tree", tree, "--out", out});
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_EQ(git(tree, {"log", "--format=%s", "master..kconv/page-mapping"}),
            "fuse: use folio->mapping where the page is the folio's first page\n");
  std::string code = git(tree, {"show", "kconv/page-mapping:fs/fuse/file.c"});
  EXPECT_NE(code.find("int fuse_read_folio(void *file, struct folio *folio)\n{\n"
                      "\tstruct inode *inode = folio->mapping->host;"),
            std::string::npos) << "the unused page variable goes too:\n" << code;
  EXPECT_NE(code.find("return page->mapping != NULL;"), std::string::npos)
      << "page may be another page there";
  auto checks = nlohmann::json::parse(readFile(out + "/compile-check.json"));
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0]["failed"], 0);
  EXPECT_EQ(checks[0]["new_warnings"], 0) << "no unused variable left behind";
  EXPECT_NE(run.out.find("page-mapping findings: "), std::string::npos);
}
