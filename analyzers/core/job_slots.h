// A limit on CPU-bound work shared by everything one command runs at once,
// as make's jobserver shares -j among recursive makes: `kconv scan
// --engine both -j N` runs Clang's threads and Coccinelle's spatch
// processes side by side, and together they take at most N slots.
#pragma once

#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace kconv {

// What acquire() throws once the slots are closed: the work sharing them
// stops at its next unit instead of finishing (one side failed).
struct JobsClosed : std::runtime_error {
  JobsClosed() : std::runtime_error("stopped: work running alongside failed") {}
};

class JobSlots {
 public:
  explicit JobSlots(unsigned count) : free_(count ? count : 1) {}
  void acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return free_ > 0 || closed_; });
    if (closed_) throw JobsClosed();
    --free_;
  }
  // Every acquire() from now on throws JobsClosed; held slots stay valid.
  void close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }
  void release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++free_;
    }
    ready_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  unsigned free_;
  bool closed_ = false;
};

// One slot for a scope; no limit when `slots` is null.
class JobSlot {
 public:
  explicit JobSlot(JobSlots *slots) : slots_(slots) {
    if (slots_) slots_->acquire();
  }
  ~JobSlot() {
    if (slots_) slots_->release();
  }
  JobSlot(const JobSlot &) = delete;
  JobSlot &operator=(const JobSlot &) = delete;

 private:
  JobSlots *slots_;
};

}  // namespace kconv
