// cli/progress in a CI log (Lines mode): one line per step, ticking status
// and percentages at most every 10 s, never a redrawn line.
#include "cli/progress.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace kconv {
namespace {

size_t lines(const std::string &s) { return std::count(s.begin(), s.end(), '\n'); }

TEST(Progress, LinesModeTicksOncePerStep) {
  testing::internal::CaptureStderr();
  Progress p(Progress::Mode::Lines);
  p.status("make olddefconfig 0:01  GEN Makefile");
  p.status("make olddefconfig 0:02  GEN Makefile");
  p.status("make olddefconfig 0:03  HOSTCC scripts/kconfig/conf.o");
  p.status("make prepare 0:00");
  p.status("make prepare 0:01  CC kernel/bounds.s");
  p.status("collecting compile commands (make -n)");
  for (unsigned i = 1; i <= 500; ++i) p.update(i, 500, "mm/x.c");
  p.summary("scan: 3 sites");
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(lines(err), 4u) << err;
  EXPECT_EQ(err.find('\r'), std::string::npos);
  EXPECT_EQ(err.find("0:02"), std::string::npos) << err;
  EXPECT_NE(err.find("kconv: scan: 3 sites\n"), std::string::npos);
}

TEST(Progress, QuietSaysNothing) {
  testing::internal::CaptureStderr();
  Progress p(Progress::Mode::Quiet);
  p.status("a");
  p.update(1, 1, "x");
  p.summary("done");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace kconv
