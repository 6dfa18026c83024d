#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kconv {

namespace {

unsigned threadCount(unsigned jobs) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  return jobs;
}

}  // namespace

void runWorkers(unsigned jobs, const std::function<void()> &worker) {
  std::mutex mutex;
  std::exception_ptr first;
  auto guarded = [&] {
    try {
      worker();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!first) first = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  try {
    for (unsigned j = 1; j < threadCount(jobs); ++j) threads.emplace_back(guarded);
  } catch (...) {
    // No more threads (a resource limit): the ones started and this one
    // still do all the work.
  }
  guarded();
  for (std::thread &t : threads) t.join();
  if (first) std::rethrow_exception(first);
}

void parallelFor(size_t count, unsigned jobs, const std::function<void(size_t)> &fn) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  runWorkers(std::min<size_t>(threadCount(jobs), std::max<size_t>(count, 1)), [&] {
    for (size_t i = next++; i < count && !failed; i = next++) {
      try {
        fn(i);
      } catch (...) {
        failed = true;
        throw;
      }
    }
  });
}

}  // namespace kconv
