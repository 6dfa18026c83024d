// core/parallel: every index once, and a worker's exception reaches the
// caller (a bare std::thread would have ended the process with exit 134).
#include "core/parallel.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>
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
  // Calls after index 10 wait until it has thrown and then take a
  // millisecond each: were the hand-out not stopped, the remaining
  // 99,989 calls would take half a minute on 4 threads, while the window
  // between the throw and the stop is microseconds. (Without the wait and
  // the sleep, a loaded CI machine once ran all 100,000 calls while the
  // thread holding index 10 was off the CPU.)
  std::atomic<size_t> calls{0};
  std::atomic<bool> thrown{false};
  EXPECT_THROW(parallelFor(100000, 4,
                           [&](size_t i) {
                             ++calls;
                             if (i == 10) {
                               thrown = true;
                               throw InputError("unit 10 failed");
                             }
                             if (i < 10) return;
                             while (!thrown) std::this_thread::yield();
                             std::this_thread::sleep_for(std::chrono::milliseconds(1));
                           }),
               InputError);
  EXPECT_LT(calls.load(), 1000u) << "work went on after the failure";
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
