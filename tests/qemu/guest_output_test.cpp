// The guest's results stream and the kernel-log markers of ci/guest/init.
#include <gtest/gtest.h>

#include "qemu/guest_output.h"
#include "qemu/harness_results.h"

namespace kconv {
namespace {

const char *kStream =
    "KCONV-GUEST-START\n"
    "KCONV-STEP insmod-kconv_refcount_test rc=0\n"
    "KCONV-STEP insmod-test_hmm rc=0\n"
    "KCONV-BEGIN hmm-tests\n"
    "TAP version 13\n1..1\nok 1 hmm.open_close\n"
    "KCONV-END hmm-tests rc=0\n"
    "# rmmod: can't unload module 'test_hmm': Resource temporarily unavailable\n"
    "KCONV-STEP rmmod-test_hmm rc=1\n"
    "KCONV-BEGIN fsdax\n"
    "TAP version 13\n1..2\nok 1 dax_mount_active\n";

TEST(GuestOutput, SectionsStepsAndAnUnfinishedRun) {
  GuestOutput g = parseGuestOutput(kStream);
  EXPECT_TRUE(g.started);
  EXPECT_FALSE(g.finished);
  ASSERT_EQ(g.sections.size(), 2u);
  EXPECT_TRUE(g.find("hmm-tests")->ended);
  EXPECT_EQ(g.find("hmm-tests")->lines.size(), 3u);
  EXPECT_FALSE(g.find("fsdax")->ended);
  ASSERT_EQ(g.steps.size(), 3u);
  EXPECT_EQ(g.steps[2].name, "rmmod-test_hmm");
  EXPECT_EQ(g.steps[2].exitCode, 1);
  EXPECT_EQ(g.steps[2].log.size(), 1u);
}

const char *kConsole =
    "[    1.0] Run /init as init process\n"
    "[    1.5] kconv-guest: init started\n"
    "[    1.6] kconv-guest: begin kunit\n"
    "[    1.7]     KTAP version 1\n"
    "[    1.7]     # Subtest: s\n"
    "[    1.7]     1..1\n"
    "[    1.8] WARNING: CPU: 0 PID: 1 at mm/memremap.c:1 x\n"
    "[    1.9]     ok 1 c\n"
    "[    1.9] ok 1 s\n"
    "[    2.0] kconv-guest: end kunit\n"
    "[    2.1] kconv-guest: begin hmm-tests\n";

TEST(GuestOutput, ConsoleSectionsAndSplatPlacement) {
  std::string kunit = consoleSection(kConsole, "kunit");
  EXPECT_NE(kunit.find("ok 1 s"), std::string::npos);
  EXPECT_EQ(kunit.find("kconv-guest"), std::string::npos);
  EXPECT_EQ(sectionAtLine(kConsole, 1), "boot");
  EXPECT_EQ(sectionAtLine(kConsole, 7), "kunit");
  EXPECT_EQ(sectionAtLine(kConsole, 11), "after kunit");
}

TEST(TestResults, CrashMidRunIsAnErrorAndMissingTestsCrash) {
  CollectedResults r = collectResults(parseGuestOutput(kStream), kConsole);
  std::vector<std::string> expected = {
      "the guest did not reach the end of its init",
      "fsdax: expected 2 tests, got 1",
      "fsdax: did not finish (the guest stopped inside it)",
  };
  EXPECT_EQ(r.errors, expected);
  unsigned crashed = 0, kunit = 0;
  for (const TestOutcome &t : r.tests) {
    crashed += t.status == TestStatus::Crashed;
    kunit += t.kind == "kunit";
  }
  EXPECT_EQ(crashed, 1u);
  EXPECT_EQ(kunit, 1u);
}

}  // namespace
}  // namespace kconv
