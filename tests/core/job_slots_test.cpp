// core/job_slots: work sharing -j never runs more than its slots at once,
// and closing the slots stops whoever waits for one (the other engine of
// scan --engine both failed).
#include "core/job_slots.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/parallel.h"

namespace kconv {
namespace {

TEST(JobSlots, TwoPoolsOfWorkersNeverExceedTheSlots) {
  JobSlots slots(2);
  std::atomic<int> running{0}, most{0};
  auto work = [&](size_t) {
    JobSlot slot(&slots);
    int now = ++running;
    for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --running;
  };
  // Two engines, each with as many threads as -j: four threads, two slots.
  std::thread other([&] { parallelFor(40, 2, work); });
  parallelFor(40, 2, work);
  other.join();
  EXPECT_LE(most.load(), 2);
  EXPECT_EQ(running.load(), 0);
}

TEST(JobSlots, ClosingStopsTheWaitersAndLaterAcquires) {
  JobSlots slots(1);
  slots.acquire();  // the only slot, held
  std::atomic<bool> stopped{false};
  std::thread waiter([&] {
    try {
      JobSlot slot(&slots);
    } catch (const JobsClosed &) {
      stopped = true;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(stopped.load()) << "a waiter waits while the slot is held";
  slots.close();
  waiter.join();
  EXPECT_TRUE(stopped.load());
  slots.release();  // a held slot is still given back without a throw
  EXPECT_THROW(slots.acquire(), JobsClosed);
}

TEST(JobSlots, NoSlotsMeansNoLimit) {
  JobSlot a(nullptr), b(nullptr), c(nullptr);  // nothing to wait for
  SUCCEED();
}

}  // namespace
}  // namespace kconv
