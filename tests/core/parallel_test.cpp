// core/parallel: every index once, and a worker's exception reaches the
// caller (a bare std::thread would have ended the process with exit 134).
#include "core/parallel.h"

#include <atomic>
#include <csignal>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/temp_files.h"

namespace kconv {
namespace {

TEST(Parallel, EveryIndexExactlyOnce) {
  for (unsigned jobs : {0u, 1u, 3u, 64u}) {
    std::vector<std::atomic<int>> seen(1000);
    parallelFor(seen.size(), jobs, [&](size_t i) { ++seen[i]; });
    for (auto &s : seen) EXPECT_EQ(s.load(), 1) << "jobs " << jobs;
  }
  parallelFor(0, 4, [](size_t) { FAIL() << "no index in an empty range"; });
}

TEST(Parallel, FirstExceptionReachesTheCallerAndStopsTheHandOut) {
  std::atomic<size_t> calls{0};
  EXPECT_THROW(parallelFor(100000, 4,
                           [&](size_t i) {
                             ++calls;
                             if (i == 10) throw InputError("unit 10 failed");
                           }),
               InputError);
  EXPECT_LT(calls.load(), 100000u) << "work went on after the failure";
}

TEST(Parallel, WorkersRethrowAfterAllJoined) {
  std::atomic<int> finished{0};
  EXPECT_THROW(runWorkers(4,
                          [&] {
                            if (finished++ == 0) throw std::runtime_error("first");
                          }),
               std::runtime_error);
  EXPECT_EQ(finished.load(), 4);
}

// The case CI met: after SIGINT a cache write refuses to rename, inside a
// worker; the refusal must come back as an exception, not std::terminate.
TEST(Parallel, WriteRefusedAfterASignalInsideAWorker) {
  std::string dir = ::testing::TempDir();
  setInterruptedBy(SIGINT);
  EXPECT_THROW(parallelFor(8, 4,
                           [&](size_t i) {
                             writeFileAtomically(dir + "/kconv-parallel-" + std::to_string(i), "x");
                           }),
               InputError);
  setInterruptedBy(0);
}

}  // namespace
}  // namespace kconv
