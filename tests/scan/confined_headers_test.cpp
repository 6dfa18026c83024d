// Which changed headers the gate and propose take as confined, on a small
// git repository: a fresh name is searched in every other file of the tree
// at both sides, and a .c file the commit touches may name it (the caller
// checks that file whole).
#include <algorithm>

#include <gtest/gtest.h>

#include "git/commit_writer.h"
#include "git/repository.h"
#include "git/scratch_checkout.h"
#include "scan/confined_headers.h"
#include "support/git_fixture.h"

using namespace kconv;
using kconv::test::makeGitRepo;

namespace {

const char *kHeader =
    "#ifndef _LINUX_MM_H\n#define _LINUX_MM_H\nstruct page { void *mapping; };\n"
    "static inline int page_count_of(struct page *p)\n{\n\treturn 1;\n}\n#endif\n";

std::string withHelper(const std::string &helper) {
  std::string h = kHeader;
  return h.insert(h.find("#endif"), helper);
}

struct Fixture {
  std::string dir;
  git::Repository repo;
  std::string base;
  explicit Fixture(const std::string &name)
      : dir(kconv::test::gitScratchDir() + "/" + name),
        repo((makeGitRepo(dir, {{"include/linux/mm.h", kHeader},
                                {"mm/util.c", "#include <linux/mm.h>\nint util;\n"},
                                {"mm/other.c", "#include <linux/mm.h>\nint other;\n"}}),
              git::Repository::open(dir))),
        base(repo.commit("HEAD").tree) {}

  ConfinedHeaders examine(const std::map<std::string, std::string> &changes,
                          const HeaderChangeRules &rules) {
    std::map<std::string, std::optional<std::string>> files(changes.begin(), changes.end());
    std::string next = git::writeTree(repo, base, files);
    git::ScratchCheckout scratch(repo, dir + "-checkout");
    std::vector<std::string> changed;
    for (const auto &[path, text] : changes) changed.push_back(path);
    return findConfinedHeaders(repo, scratch, base, next, changed, {"mapping"}, rules);
  }
};

HeaderChangeRules gateRules(std::set<std::string> touchedC) {
  HeaderChangeRules rules;
  rules.freshMacros = true;
  rules.checkedAnyway = std::move(touchedC);
  return rules;
}

}  // namespace

TEST(ConfinedHeaders, AFreshHelperAndAFreshMacroAreConfined) {
  Fixture f("fresh");
  std::string after = withHelper("#define KCONV_MAPPING(p) ((p)->mapping)\n"
                                 "static inline int kconv_small(struct page *p)\n{\n\treturn 0;\n}\n");
  ConfinedHeaders c = f.examine({{"include/linux/mm.h", after}}, gateRules({}));
  EXPECT_EQ(c.headers, std::vector<std::string>{"include/linux/mm.h"});
  EXPECT_TRUE(c.refused.empty());
  // A #define is among the changed items: their sites are parsed, not moved.
  EXPECT_TRUE(c.moved.empty());
}

TEST(ConfinedHeaders, ANameAnotherFileUsesIsRefusedUnlessTheCommitTouchesIt) {
  Fixture f("named");
  std::string after = withHelper("static inline int kconv_min_order(void)\n{\n\treturn 0;\n}\n");
  std::string caller = "#include <linux/mm.h>\nint util(void) { return kconv_min_order(); }\n";
  // mm/util.c names it at the commit, and the commit touches mm/util.c:
  // its TU is analysed (compiled) whole anyway.
  ConfinedHeaders touched = f.examine({{"include/linux/mm.h", after}, {"mm/util.c", caller}},
                                      gateRules({"mm/util.c"}));
  EXPECT_EQ(touched.headers, std::vector<std::string>{"include/linux/mm.h"});
  // The same change when the caller does not check mm/util.c itself.
  ConfinedHeaders strict = f.examine({{"include/linux/mm.h", after}, {"mm/util.c", caller}},
                                     gateRules({}));
  EXPECT_TRUE(strict.headers.empty());
  EXPECT_NE(strict.refused["include/linux/mm.h"].find("kconv_min_order is named in mm/util.c"),
            std::string::npos)
      << strict.refused["include/linux/mm.h"];
}

TEST(ConfinedHeaders, AMacroAnUntouchedFileNamesIsRefused) {
  Fixture f("macro");
  std::string after = withHelper("#define other 2\n");
  ConfinedHeaders c = f.examine({{"include/linux/mm.h", after}}, gateRules({}));
  EXPECT_TRUE(c.headers.empty());
  EXPECT_NE(c.refused["include/linux/mm.h"].find("other is named in mm/other.c"), std::string::npos)
      << c.refused["include/linux/mm.h"];
  // Without the fresh-macro rule a #define is refused outright.
  c = f.examine({{"include/linux/mm.h", withHelper("#define KCONV_NEW 2\n")}}, HeaderChangeRules{});
  EXPECT_NE(c.refused["include/linux/mm.h"].find("a directive added"), std::string::npos)
      << c.refused["include/linux/mm.h"];
}

TEST(ConfinedHeaders, ABodyOnlyChangeWithoutTriggersMovesTheParentsSites) {
  Fixture f("body");
  std::string after = kHeader;
  after.replace(after.find("return 1;"), 9, "return 2;");
  ConfinedHeaders c = f.examine({{"include/linux/mm.h", after}}, gateRules({}));
  EXPECT_EQ(c.headers, std::vector<std::string>{"include/linux/mm.h"});
  EXPECT_EQ(c.moved.count("include/linux/mm.h"), 1u);
}

// The sides differ only in the files the commit changed, and only those are
// searched at the parent: a name a changed file used there still counts.
TEST(ConfinedHeaders, ANameOnlyTheParentUsesInAChangedFileIsRefused) {
  Fixture f("parent-only");
  std::string with = withHelper("static inline int kconv_old(void)\n{\n\treturn 0;\n}\n");
  f.base = git::writeTree(f.repo, f.base,
                          {{"include/linux/mm.h", with},
                           {"include/linux/user.h", std::string("#define KCONV_USER kconv_old()\n")}});
  ConfinedHeaders c = f.examine({{"include/linux/mm.h", std::string(kHeader)},
                                 {"include/linux/user.h", std::string("#define KCONV_USER 0\n")}},
                                gateRules({}));
  EXPECT_EQ(std::count(c.headers.begin(), c.headers.end(), "include/linux/mm.h"), 0)
      << "removed while include/linux/user.h used it";
  EXPECT_NE(c.refused["include/linux/mm.h"].find("kconv_old is named in include/linux/user.h"),
            std::string::npos)
      << c.refused["include/linux/mm.h"];
}
