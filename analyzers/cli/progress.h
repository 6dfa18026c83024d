// The progress line long work shows on a terminal: done/total, the current
// item and an ETA. Quiet when stderr is not a terminal or CI is set.
#pragma once

#include <chrono>
#include <string>

namespace kconv {

class Progress {
 public:
  Progress();
  bool enabled() const { return enabled_; }
  void status(const std::string &message);
  void update(unsigned done, unsigned total, const std::string &item);
  void finish();

 private:
  bool enabled_;
  bool dirty_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace kconv
