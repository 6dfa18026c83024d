// Ctrl-C and SIGTERM during a gate run: the run must stop soon, leave no
// make, clang or QEMU behind, and keep what it finished. While an
// InterruptGuard lives, SIGINT/SIGTERM only set a flag; a watcher thread
// then sends SIGTERM to every descendant process of kconv (found through
// /proc, because LLVM's process layer does not hand out child pids), and
// SIGKILL to those still there a few seconds later, until the guard ends.
// The killed child makes the running step fail; the gate sees the flag,
// drops that unfinished commit and writes the results it has.
#pragma once

#include <thread>

namespace kconv {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard &) = delete;
  InterruptGuard &operator=(const InterruptGuard &) = delete;

  static bool requested();
  static int signal();  // the signal received, 0 if none

 private:
  std::thread watcher_;
};

}  // namespace kconv
