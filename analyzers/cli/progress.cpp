#include "cli/progress.h"
#include "core/text_escape.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace kconv {

Progress::Progress()
    : enabled_(::isatty(STDERR_FILENO) && !std::getenv("CI")),
      start_(std::chrono::steady_clock::now()) {}

void Progress::status(const std::string &message) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[Kkconv: %s", escapeLine(message).c_str());
  dirty_ = true;
}

void Progress::update(unsigned done, unsigned total, const std::string &item) {
  if (!enabled_) return;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  unsigned eta = done ? static_cast<unsigned>(elapsed / done * (total - done)) : 0;
  std::fprintf(stderr, "\r\033[K[%u/%u] ETA %u:%02u %s", done, total, eta / 60,
               eta % 60, escapeLine(item).c_str());
  dirty_ = true;
}

void Progress::finish() {
  if (enabled_ && dirty_) std::fprintf(stderr, "\r\033[K");
  dirty_ = false;
}

}  // namespace kconv
