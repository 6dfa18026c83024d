// Work spread over threads, with exceptions carried back to the caller.
// A throw inside a bare std::thread, or inside an llvm::ThreadPool task,
// ends the process with std::terminate (exit 134): a cache write refused
// after Ctrl-C did exactly that in the middle of a scan. These helpers
// catch on each worker, stop handing out work after the first failure,
// join every thread, and rethrow the first exception on the caller's
// thread, where main turns it into one line and an exit code.
#pragma once

#include <cstddef>
#include <functional>

namespace kconv {

// Runs `worker` on `jobs` threads (the caller's thread is one of them;
// 0 means one per hardware thread). Each worker pulls its own work, so it
// can hold per-thread state (a Clang tool, a buffer).
void runWorkers(unsigned jobs, const std::function<void()> &worker);

// fn(0) ... fn(count - 1), each exactly once unless one throws: then no
// further index starts and the first exception is rethrown.
void parallelFor(size_t count, unsigned jobs, const std::function<void(size_t)> &fn);

}  // namespace kconv
