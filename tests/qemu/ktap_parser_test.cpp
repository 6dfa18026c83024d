// The KTAP / kselftest parser on hand-written documents for each shape; the
// recorded consoles of real runs are in recorded_logs_test.cpp.
#include <gtest/gtest.h>

#include "qemu/ktap_parser.h"

namespace kconv {
namespace {

std::vector<std::string> lines(std::initializer_list<const char *> l) {
  return {l.begin(), l.end()};
}

TEST(KtapParser, KselftestFlatResultsWithSkip) {
  TapDocument doc = parseTap(lines({
      "TAP version 13", "1..3", "# Starting 3 tests from 1 test cases.",
      "#  RUN           hmm.open_close ...", "#            OK  hmm.open_close",
      "ok 1 hmm.open_close", "#  RUN           hmm.compound ...",
      "# hmm-tests.c:1630:compound:Expected 0 (0) == ret (-1)",
      "not ok 2 hmm.compound", "ok 3 hmm.hugetlbfs # SKIP Huge page could not be allocated",
  }));
  EXPECT_TRUE(doc.errors.empty());
  std::vector<FlatResult> flat = flatten(doc);
  ASSERT_EQ(flat.size(), 3u);
  EXPECT_EQ(flat[0].name, "hmm.open_close");
  EXPECT_EQ(flat[0].status, TestStatus::Passed);
  EXPECT_EQ(flat[1].status, TestStatus::Failed);
  EXPECT_EQ(flat[1].log.back(), "# hmm-tests.c:1630:compound:Expected 0 (0) == ret (-1)");
  EXPECT_EQ(flat[2].status, TestStatus::Skipped);
  EXPECT_EQ(flat[2].directive, "SKIP Huge page could not be allocated");
}

TEST(KtapParser, KunitModuleSuiteNestsCasesUnderTheSuite) {
  TapDocument doc = parseTap(lines({
      "    KTAP version 1", "    # Subtest: suite", "    1..2",
      "    # case_a: EXPECTATION FAILED at x.c:1", "    not ok 1 case_a",
      "    ok 2 case_b # SKIP no range", "# suite: pass:0 fail:1 skip:1 total:2",
      "not ok 1 suite",
  }));
  ASSERT_EQ(doc.tests.size(), 1u);
  EXPECT_EQ(doc.tests[0].name, "suite");
  ASSERT_EQ(doc.tests[0].subtests.size(), 2u);
  std::vector<FlatResult> flat = flatten(doc);
  EXPECT_EQ(flat[0].name, "suite.case_a");
  EXPECT_EQ(flat[0].status, TestStatus::Failed);
  EXPECT_EQ(flat[0].log, std::vector<std::string>{"# case_a: EXPECTATION FAILED at x.c:1"});
  EXPECT_EQ(flat[1].status, TestStatus::Skipped);
}

TEST(KtapParser, PassingParentWithFailedChildIsAFailure) {
  TapDocument doc = parseTap(lines({"    not ok 1 child", "ok 1 parent"}));
  EXPECT_EQ(doc.tests[0].status, TestStatus::Failed);
}

TEST(KtapParser, MissingResultsAgainstThePlanAreCrashes) {
  TapDocument doc = parseTap(lines({"TAP version 13", "1..3", "ok 1 a"}));
  std::vector<FlatResult> flat = flatten(doc);
  ASSERT_EQ(flat.size(), 3u);
  EXPECT_EQ(flat[1].status, TestStatus::Crashed);
  EXPECT_EQ(flat[2].status, TestStatus::Crashed);
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0], "expected 3 tests, got 1");
}

TEST(KtapParser, SuiteCutShortByACrashIsReportedCrashed) {
  TapDocument doc = parseTap(lines({
      "    KTAP version 1", "    # Subtest: suite", "    1..3", "    ok 1 a",
  }));
  ASSERT_EQ(doc.tests.size(), 1u);
  EXPECT_EQ(doc.tests[0].name, "suite");
  EXPECT_EQ(doc.tests[0].status, TestStatus::Crashed);
  std::vector<FlatResult> flat = flatten(doc);
  ASSERT_EQ(flat.size(), 3u);
  EXPECT_EQ(flat[0].status, TestStatus::Passed);
  EXPECT_EQ(flat[2].status, TestStatus::Crashed);
  EXPECT_EQ(doc.errors.size(), 2u);
}

TEST(KtapParser, DashSeparatorAndTodo) {
  TapDocument doc = parseTap(lines({"ok 1 - named", "not ok 2 - pending # TODO later"}));
  std::vector<FlatResult> flat = flatten(doc);
  EXPECT_EQ(flat[0].name, "named");
  EXPECT_EQ(flat[1].status, TestStatus::Skipped);
}

TEST(KtapExtract, StripsPrintkTimeAndDropsLinesBeforeTheHeader) {
  std::string console =
      "[    0.000000] Linux version 6.12\n"
      "[    5.100000]     KTAP version 1\n"
      "[    5.100001]     # Subtest: s\n"
      "[    5.100002] random kernel message\n"
      "[    5.200000]     ok 1 c\n"
      "[    5.300000] ok 1 s\n";
  std::vector<std::string> got = extractTapLines(console);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0], "    KTAP version 1");
  EXPECT_EQ(got[3], "    ok 1 c");
  std::vector<FlatResult> flat = flatten(parseTap(got));
  ASSERT_EQ(flat.size(), 1u);
  EXPECT_EQ(flat[0].name, "s.c");
}

}  // namespace
}  // namespace kconv
