#include "kernel/log_watch.h"

#include <chrono>
#include <fstream>

namespace kconv {

std::string lastLineOf(const std::string &path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return "";
  std::streamoff size = in.tellg();
  std::streamoff from = size > 4096 ? size - 4096 : 0;
  std::string tail(static_cast<size_t>(size - from), '\0');
  in.seekg(from);
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  size_t nl = tail.find_last_of('\n');
  return nl == std::string::npos ? tail : tail.substr(nl + 1);
}

std::string progressLine(const std::string &what, unsigned seconds, const std::string &line) {
  std::string text = what + " " + std::to_string(seconds / 60) + ":" +
                     (seconds % 60 < 10 ? "0" : "") + std::to_string(seconds % 60);
  size_t b = line.find_first_not_of(" \t");
  if (b != std::string::npos) text += "  " + line.substr(b);
  constexpr size_t kWidth = 100;
  return text.size() > kWidth ? text.substr(0, kWidth - 3) + "..." : text;
}

LogWatcher::LogWatcher(std::string path, Callback callback)
    : path_(std::move(path)), callback_(std::move(callback)) {
  if (callback_) thread_ = std::thread([this] { run(); });
}

LogWatcher::~LogWatcher() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void LogWatcher::run() {
  auto start = std::chrono::steady_clock::now();
  while (!stop_) {
    for (int i = 0; i < 10 && !stop_; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (stop_) break;
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - start);
    callback_(static_cast<unsigned>(elapsed.count()), lastLineOf(path_));
  }
}

}  // namespace kconv
