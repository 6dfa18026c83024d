// MAINTAINERS parsing and get_maintainer.pl matching on a small fixture whose
// expectations follow from scripts/get_maintainer.pl's code (see the
// comments at each case); tests/report/maintainers_kernel_test.cpp checks
// the same semantics against the real script on the real files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/errors.h"
#include "kernel/maintainers.h"
#include "kernel/maintainers_matcher.h"
#include "kernel/maintainers_pattern.h"

namespace kconv {
namespace {

const std::string kTree = KCONV_REPORT_FIXTURES "/tree";

class MaintainersFixture : public ::testing::Test {
 protected:
  MaintainersFixture()
      : m_(loadMaintainers(kTree + "/MAINTAINERS")), matcher_(m_, kTree) {}

  // Section titles covering `file`, most specific first, as "TITLE:depth".
  std::vector<std::string> sections(const std::string &file) {
    std::vector<std::string> out;
    for (const SectionMatch &s : matcher_.match(file))
      out.push_back(m_.sections[s.section].title + ":" + std::to_string(s.depth));
    return out;
  }

  Maintainers m_;
  MaintainersMatcher matcher_;
};

using V = std::vector<std::string>;

TEST_F(MaintainersFixture, ParsesSectionsAfterThePreamble) {
  ASSERT_EQ(m_.sections.size(), 12u);
  EXPECT_EQ(m_.sections[1].title, "DEVICE DIRECT ACCESS (DAX)");
  EXPECT_EQ(m_.sections[1].line, 17u);
  EXPECT_EQ(m_.sections[1].values('M'),
            V({"Dan Williams <dan.j.williams@intel.com>",
               "Vishal Verma <vishal.l.verma@intel.com>"}));
  EXPECT_EQ(m_.sections[2].values('R'), V({"Matthew Wilcox <willy@infradead.org>"}));
  EXPECT_EQ(m_.sections.back().title, "THE REST");
}

TEST_F(MaintainersFixture, NamesEveryMalformedLine) {
  std::vector<std::string> got;
  for (const MaintainersProblem &p : m_.problems)
    got.push_back(std::to_string(p.line) + " " + p.message.substr(0, 21));
  EXPECT_EQ(got, V({"60 malformed line ignore",
                    "62 unknown entry type 'Z",
                    "63 'M:' without an e-mai",
                    "64 empty 'F:' entry (ign",
                    "66 section 'TITLE WITH N",
                    "71 section title 'NO BLA"}));
  ASSERT_EQ(matcher_.problems().size(), 1u);
  EXPECT_EQ(matcher_.problems()[0].line, 77u);
  EXPECT_NE(matcher_.problems()[0].message.find("not a valid regex"), std::string::npos);
}

TEST_F(MaintainersFixture, DirectoryWithoutSlashCoversItsSubtree) {
  // `F: mm` names a directory of the tree: get_maintainer appends '/'.
  EXPECT_EQ(sections("mm/damon/core.c"), V({"MEMORY MANAGEMENT:1", "THE REST:-1"}));
}

TEST_F(MaintainersFixture, GlobMatchesOnlyItsOwnDepth) {
  // `mm/*.c` has one '/', so it covers mm/gup.c (depth 2) but not mm/damon/.
  EXPECT_EQ(sections("mm/gup.c"), V({"MEMORY MANAGEMENT - TOP-LEVEL FILES:2",
                                     "MEMORY MANAGEMENT:1", "THE REST:-1"}));
}

TEST_F(MaintainersFixture, EqualRanksPreferTheLongerLiteralPattern) {
  // get_maintainer orders equal ranks at random; kconv puts the section
  // whose matching pattern has the longer literal part first.
  EXPECT_EQ(sections("mm/hmm.c"),
            V({"HMM - HETEROGENEOUS MEMORY MANAGEMENT:2",
               "MEMORY MANAGEMENT - TOP-LEVEL FILES:2", "MEMORY MANAGEMENT:1",
               "THE REST:-1"}));
  // `lib/test_hmm*` beats `lib/*`, though `lib/*` comes first in the file.
  EXPECT_EQ(sections("lib/test_hmm.c"), V({"HMM - HETEROGENEOUS MEMORY MANAGEMENT:2",
                                           "A WIDE GLOB FIRST IN THE FILE:2", "THE REST:-1"}));
}

TEST_F(MaintainersFixture, ExclusionDropsTheWholeSection) {
  EXPECT_EQ(sections("mm/excluded/a.c"), V({"THE REST:-1"}));
}

TEST_F(MaintainersFixture, LastMatchingPatternSetsTheRank) {
  // F: drivers/dax/device.c (3) then F: drivers/ (1): Perl's hash keeps 1.
  EXPECT_EQ(sections("drivers/dax/device.c"),
            V({"DEVICE DIRECT ACCESS (DAX):2", "LAST MATCH SETS THE RANK:1",
               "THE REST:-1"}));
}

TEST_F(MaintainersFixture, PlainPatternIsAPrefixAtTheSameDepth) {
  // `F: fs/dax` is no directory here: it matches any fs/dax* file name.
  EXPECT_EQ(sections("fs/dax.c"), V({"FILESYSTEM DIRECT ACCESS (DAX):2", "THE REST:-1"}));
  EXPECT_EQ(sections("fs/dax/iomap.c"), V({"THE REST:-1"}));
}

TEST_F(MaintainersFixture, NameRegexRanksZeroAndIgnoresComments) {
  EXPECT_EQ(sections("include/linux/page-flags.h"),
            V({"MEMORY MANAGEMENT:0", "THE REST:-1"}));
  EXPECT_EQ(sections("include/linux/mm.h"), V({"MEMORY MANAGEMENT:3", "THE REST:-1"}));
}

TEST_F(MaintainersFixture, TopLevelFilesFallToTheRest) {
  EXPECT_EQ(sections("Makefile"), V({"THE REST:-1"}));
}

TEST_F(MaintainersFixture, MalformedLineKeepsItsSectionTogether) {
  // `F lib/broken.c` is ignored, so the section's later F: still counts.
  EXPECT_EQ(sections("lib/broken/x.c"), V({"BROKEN SECTION:2", "THE REST:-1"}));
  EXPECT_EQ(sections("lib/broken.c"), V({"A WIDE GLOB FIRST IN THE FILE:2", "THE REST:-1"}));
  // A title right after entries starts a section, as in get_maintainer.
  EXPECT_EQ(sections("lib/half.c"), V({"NO BLANK LINE BEFORE THIS TITLE:2",
                                       "A WIDE GLOB FIRST IN THE FILE:2", "THE REST:-1"}));
}

TEST(Maintainers, NoSectionsIsAnInputError) {
  EXPECT_THROW(loadMaintainers(KCONV_REPORT_FIXTURES "/tree/mm/gup.c"), InputError);
  EXPECT_THROW(loadMaintainers(KCONV_REPORT_FIXTURES "/no-such-file"), InputError);
}

TEST(Maintainers, FileNoEntryCoversMatchesNothing) {
  Maintainers m = parseMaintainers("ONLY DAX\nM:\tA <a@b.c>\nF:\tdrivers/dax/\n", "x");
  MaintainersMatcher matcher(m, kTree);
  EXPECT_TRUE(matcher.match("mm/gup.c").empty());
  EXPECT_EQ(matcher.match("drivers/dax/bus.c").size(), 1u);
}

}  // namespace
}  // namespace kconv

namespace kconv {
namespace {

MaintainersPattern pattern(char type, const std::string &value) {
  return compilePattern({type, value, 1}, kTree);
}

TEST(MaintainersPattern, GlobsBecomeGetMaintainerRegexes) {
  MaintainersPattern p = pattern('F', "mm/*.c");
  EXPECT_EQ(p.text, "mm/.*\\.c");
  EXPECT_EQ(p.prefix, "mm/");
  EXPECT_FALSE(p.literal);
  EXPECT_EQ(p.depth, 2);
  EXPECT_EQ(pattern('F', "mm").text, "mm/");  // a directory of the tree
  EXPECT_EQ(pattern('F', "mm").depth, 1);
  EXPECT_EQ(pattern('F', "fs/dax").text, "fs/dax");  // not one: stays a prefix
  EXPECT_EQ(pattern('F', "drivers/input/misc/da72??.[ch]").text,
            "drivers/input/misc/da72..\\.[ch]");
  EXPECT_EQ(pattern('F', "*/").depth, -1);
  EXPECT_TRUE(pattern('F', "include/linux/mm.h").literal);
}

TEST(MaintainersPattern, NameRegexesKeepARequiredLiteral) {
  EXPECT_EQ(pattern('N', "sun[x456789]i").required, "sun");
  EXPECT_EQ(pattern('N', "bcm[9]?47622").required, "47622");
  EXPECT_EQ(pattern('N', "ab{2,3}cd").required, "cd");
  EXPECT_EQ(pattern('N', "imx|mxs").required, "");
  EXPECT_EQ(pattern('N', "(opt)?ional").required, "ional");
  MaintainersPattern x = pattern('N', "include/linux/page[-_]  # comment");
  EXPECT_EQ(x.text, "include/linux/page[-_]");
  EXPECT_EQ(x.required, "include/linux/page");
  EXPECT_TRUE(nameMatches(pattern('N', "ab{2,3}cd"), "x/abbcd.c"));
  EXPECT_FALSE(nameMatches(pattern('N', "ab{2,3}cd"), "x/abcd.c"));
  EXPECT_THROW(pattern('N', "lib/(unclosed"), std::invalid_argument);
}

}  // namespace
}  // namespace kconv
