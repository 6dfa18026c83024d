// Ctrl-C and SIGTERM, one handling for every command (main installs the
// guard): the run must stop soon, leave no make, clang, spatch or QEMU
// behind and no temporary file, and exit 128 + the signal (130, 143).
// While an InterruptGuard lives, SIGINT/SIGTERM only set a flag; a watcher
// thread then sends SIGTERM to every descendant process of kconv (found
// through /proc, because LLVM's process layer does not hand out child
// pids), and SIGKILL to those still there a few seconds later.
//  - Mode::Exit (scan, report, propose, test, merge): once the children are
//    gone (or after the SIGKILL grace), the registered temporary files
//    (core/temp_files.h) are removed and the process exits. Reports are
//    written by rename, so the user's file is old or new, never partial.
//  - Mode::Finish (gate): the killed child makes the running step fail; the
//    gate sees the flag, drops that unfinished commit, writes the results it
//    has and returns 128 + signal() itself.
#pragma once

#include <thread>

namespace kconv {

class InterruptGuard {
 public:
  enum class Mode { Exit, Finish };
  explicit InterruptGuard(Mode mode = Mode::Finish);
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard &) = delete;
  InterruptGuard &operator=(const InterruptGuard &) = delete;

  // Empties kconv's process tree (SIGTERM, SIGKILL after 5 s); returns
  // when no descendant is left or after 7 s.
  static void stopChildren();

  // Mode::Exit's end, from the watcher or from main when the command
  // returned first: stopChildren(), the temporary files removed, one line
  // on stderr. Returns the exit code, 128 + signal().
  static int cleanUpAfterSignal();

  static bool requested();
  static int signal();  // the signal received, 0 if none

 private:
  std::thread watcher_;
};

}  // namespace kconv
