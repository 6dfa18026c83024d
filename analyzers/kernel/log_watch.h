// Shows what a long child process is doing while kconv waits for it: a
// thread that, every second, reads the last line of the log the process
// writes and hands it (with the time elapsed) to a progress callback.
// make and QEMU run synchronously through runProcess(); this is how their
// progress still reaches the terminal.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace kconv {

class LogWatcher {
 public:
  using Callback = std::function<void(unsigned elapsedSeconds, const std::string &lastLine)>;
  // A null callback watches nothing.
  LogWatcher(std::string path, Callback callback);
  ~LogWatcher();
  LogWatcher(const LogWatcher &) = delete;
  LogWatcher &operator=(const LogWatcher &) = delete;

 private:
  void run();
  std::string path_;
  Callback callback_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// "<what> 3:07 <line>", cut to fit a terminal line.
std::string progressLine(const std::string &what, unsigned seconds, const std::string &line);

// The last non-empty line of a file (read from its end), "" if none.
std::string lastLineOf(const std::string &path);

}  // namespace kconv
