// Status and progress of two engines running at once (scan --engine both:
// Coccinelle alongside Clang), for callbacks written for one caller at a
// time (cli/progress.h keeps one current step). The first engine's calls
// go through; the second's wait: while the first runs, only its latest
// status is kept, given when the first is done, and its progress goes
// through from then on. Calls are serialised.
#pragma once

#include <functional>
#include <mutex>
#include <string>

namespace kconv {

class SideBySideProgress {
 public:
  using Status = std::function<void(const std::string &)>;
  using Progress = std::function<void(unsigned done, unsigned total, const std::string &item)>;

  SideBySideProgress(Status status, Progress progress)
      : status_(std::move(status)), progress_(std::move(progress)) {}

  Status firstStatus();
  Progress firstProgress();
  Status secondStatus();
  Progress secondProgress();
  // The first engine is done: the second's latest status is shown.
  void firstDone();

 private:
  std::mutex mutex_;
  Status status_;
  Progress progress_;
  bool firstRunning_ = true;
  std::string pending_;  // the second's latest status while the first runs
};

}  // namespace kconv
