#include "cli/progress.h"
#include "core/text_escape.h"

#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace kconv {

namespace {

std::atomic<bool> gQuiet{false};

Progress::Mode modeForHere() {
  if (gQuiet) return Progress::Mode::Quiet;
  if (::isatty(STDERR_FILENO) && !std::getenv("CI")) return Progress::Mode::Terminal;
  return Progress::Mode::Lines;
}

constexpr std::chrono::seconds kLineInterval{10};

// A running step's status ticks ("make olddefconfig 0:05  GEN Makefile",
// once a second): its key is the text before the elapsed time, so a log
// gets one line per step and then at most one every 10 s.
std::string tickerKey(const std::string &message) {
  for (size_t i = 0; i + 4 <= message.size(); ++i) {
    if (message[i] != ' ' || !std::isdigit(static_cast<unsigned char>(message[i + 1]))) continue;
    size_t j = i + 1;
    while (j < message.size() && std::isdigit(static_cast<unsigned char>(message[j]))) ++j;
    if (j + 2 < message.size() && message[j] == ':' &&
        std::isdigit(static_cast<unsigned char>(message[j + 1])) &&
        std::isdigit(static_cast<unsigned char>(message[j + 2])) &&
        (j + 3 == message.size() || message[j + 3] == ' '))
      return message.substr(0, i);
  }
  return message;
}

}  // namespace

Progress::Progress() : Progress(modeForHere()) {}

Progress::Progress(Mode mode)
    : mode_(mode), start_(std::chrono::steady_clock::now()), lastLine_(start_) {}

void Progress::setQuiet(bool quiet) { gQuiet = quiet; }
bool Progress::quiet() { return gQuiet; }

void Progress::status(const std::string &message) {
  if (mode_ == Mode::Quiet) return;
  if (mode_ == Mode::Lines) {
    if (message == step_) return;
    auto now = std::chrono::steady_clock::now();
    std::string key = tickerKey(message);
    if (key != message && key == tickerKey(step_) && now - lastLine_ < kLineInterval) return;
    step_ = message;
    counted_ = false;
    lastLine_ = now;
    std::fprintf(stderr, "kconv: %s\n", escapeLine(message).c_str());
    return;
  }
  std::fprintf(stderr, "\r\033[Kkconv: %s", escapeLine(message).c_str());
  dirty_ = true;
}

void Progress::update(unsigned done, unsigned total, const std::string &item) {
  if (mode_ == Mode::Quiet || total == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (mode_ == Mode::Lines) {
    // A step that outlived one interval also gets its 100 % line, so a log
    // shows it ended; a short one is ended by the next step's line.
    bool last = done == total && counted_;
    if (now - lastLine_ < kLineInterval && !last) return;
    lastLine_ = now;
    counted_ = !last;
    std::fprintf(stderr, "kconv: %s%u%% (%u/%u)\n",
                 step_.empty() ? "" : (escapeLine(step_) + ": ").c_str(), done * 100 / total,
                 done, total);
    return;
  }
  double elapsed = std::chrono::duration<double>(now - start_).count();
  unsigned eta = done ? static_cast<unsigned>(elapsed / done * (total - done)) : 0;
  std::fprintf(stderr, "\r\033[K[%u/%u] ETA %u:%02u %s", done, total, eta / 60,
               eta % 60, escapeLine(item).c_str());
  dirty_ = true;
}

void Progress::finish() {
  if (mode_ == Mode::Terminal && dirty_) std::fprintf(stderr, "\r\033[K");
  dirty_ = false;
}

void Progress::line(const std::string &text) {
  if (mode_ == Mode::Quiet) return;
  finish();
  std::fprintf(stderr, "kconv: %s\n", escapeLine(text).c_str());
}

void Progress::summary(const std::string &text) { line(text); }

}  // namespace kconv
