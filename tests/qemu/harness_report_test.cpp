// The verdict and the report's JSON contract.
#include <gtest/gtest.h>

#include "qemu/harness_report.h"

namespace kconv {
namespace {

TestReport passingReport() {
  TestReport r;
  r.tests = {{"kunit", "s.a", TestStatus::Passed, "", {}},
             {"hmm-tests", "hmm.b", TestStatus::Skipped, "SKIP no hugetlbfs", {}},
             {"guest", "insmod-test_hmm", TestStatus::Passed, "", {}}};
  return r;
}

TEST(TestReport, PassesOnlyWithoutFailuresSplatsOrErrors) {
  TestReport r = passingReport();
  EXPECT_TRUE(r.passed());
  TestReport splat = r;
  splat.splats.push_back({{"warning", 12, "WARNING: CPU: 0 PID: 1 at mm/memremap.c:1 x", {}}, "kunit"});
  EXPECT_FALSE(splat.passed());
  TestReport error = r;
  error.errors.push_back("fsdax: never ran");
  EXPECT_FALSE(error.passed());
  TestReport crashed = r;
  crashed.tests[0].status = TestStatus::Crashed;
  EXPECT_FALSE(crashed.passed());
  TestReport timedOut = r;
  timedOut.qemuTimedOut = true;
  EXPECT_FALSE(timedOut.passed());
  EXPECT_FALSE(TestReport().passed()) << "no results is not a pass";
}

TEST(TestReport, JsonCarriesPerTestResultsKindsAndVerdict) {
  TestReport r = passingReport();
  r.tests.push_back({"fsdax", "pte_fault_refcount", TestStatus::Failed, "",
                     {"# pte_fault_refcount: pfn 0x1 refcount 2, expected 1"}});
  nlohmann::json j = reportJson(r);
  EXPECT_EQ(j["verdict"], "fail");
  EXPECT_EQ(j["kinds"]["hmm-tests"]["skipped"], 1);
  EXPECT_EQ(j["kinds"]["fsdax"]["failed"], 1);
  EXPECT_EQ(j["kinds"]["fsdax"]["run"], 1);
  EXPECT_EQ(j["tests"][3]["status"], "failed");
  EXPECT_EQ(j["tests"][3]["log"][0], "# pte_fault_refcount: pfn 0x1 refcount 2, expected 1");
  EXPECT_FALSE(j["tests"][0].contains("log")) << "passing tests carry no log";
  EXPECT_EQ(j["logs"]["console"], "console.log");
  EXPECT_EQ(summaryLine(r),
            "FAIL: fsdax 0/1 passed (1 failed), guest 1/1 passed, hmm-tests 0/1 passed "
            "(1 skipped), kunit 1/1 passed; 0 splats");
}

}  // namespace
}  // namespace kconv
