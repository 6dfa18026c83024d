#include "scan/side_by_side_progress.h"

namespace kconv {

SideBySideProgress::Status SideBySideProgress::firstStatus() {
  if (!status_) return nullptr;
  return [this](const std::string &m) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_(m);
  };
}

SideBySideProgress::Progress SideBySideProgress::firstProgress() {
  if (!progress_) return nullptr;
  return [this](unsigned done, unsigned total, const std::string &item) {
    std::lock_guard<std::mutex> lock(mutex_);
    progress_(done, total, item);
  };
}

SideBySideProgress::Status SideBySideProgress::secondStatus() {
  if (!status_) return nullptr;
  return [this](const std::string &m) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (firstRunning_)
      pending_ = m;
    else
      status_(m);
  };
}

SideBySideProgress::Progress SideBySideProgress::secondProgress() {
  if (!progress_) return nullptr;
  return [this](unsigned done, unsigned total, const std::string &item) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!firstRunning_) progress_(done, total, item);
  };
}

void SideBySideProgress::firstDone() {
  std::lock_guard<std::mutex> lock(mutex_);
  firstRunning_ = false;
  if (status_ && !pending_.empty()) status_(pending_ + " (started alongside Clang)");
  pending_.clear();
}

}  // namespace kconv
