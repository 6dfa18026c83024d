// scan/side_by_side_progress: with Coccinelle running alongside Clang, the
// one-step progress display shows Clang's steps, then Coccinelle's latest.
#include "scan/side_by_side_progress.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kconv {
namespace {

TEST(SideBySideProgress, TheSecondEngineWaitsForTheFirstToFinish) {
  std::vector<std::string> shown;
  SideBySideProgress p([&](const std::string &m) { shown.push_back("status " + m); },
                       [&](unsigned done, unsigned total, const std::string &item) {
                         shown.push_back(std::to_string(done) + "/" + std::to_string(total) +
                                         " " + item);
                       });
  auto clangStatus = p.firstStatus();
  auto clangProgress = p.firstProgress();
  auto cocciStatus = p.secondStatus();
  auto cocciProgress = p.secondProgress();
  clangStatus("Clang");
  cocciStatus("Coccinelle: devmap.cocci");
  cocciProgress(1, 2, "cocci devmap");
  cocciStatus("Coccinelle: page-mapping.cocci");
  clangProgress(1, 1, "mm/gup.c");
  p.firstDone();
  cocciProgress(2, 5, "cocci page-mapping");
  cocciStatus("Coccinelle: pgmap-type.cocci");
  std::vector<std::string> want = {
      "status Clang", "1/1 mm/gup.c",
      "status Coccinelle: page-mapping.cocci (started alongside Clang)",
      "2/5 cocci page-mapping", "status Coccinelle: pgmap-type.cocci"};
  EXPECT_EQ(shown, want);
}

TEST(SideBySideProgress, NoCallbacksGiveNone) {
  SideBySideProgress p(nullptr, nullptr);
  EXPECT_FALSE(p.firstStatus());
  EXPECT_FALSE(p.secondProgress());
  p.firstDone();
}

}  // namespace
}  // namespace kconv
