#include "qemu/splat_scanner.h"

#include <regex>
#include <sstream>

namespace kconv {

namespace {

struct Pattern {
  const char *kind;
  std::regex re;
};

// Order matters: the first match names the splat, so specific messages come
// before the generic "BUG:" and "WARNING:".
const std::vector<Pattern> &patterns() {
  static const std::vector<Pattern> list = {
      {"bad-page", std::regex(R"(BUG: Bad (page state|page map|page cache|rss-counter))")},
      {"refcount", std::regex(R"(refcount_t: (underflow|saturated|addition on 0|decrement hit 0))")},
      {"kasan", std::regex(R"(BUG: KASAN:)")},
      {"vm-bug-on", std::regex(R"(VM_BUG_ON)")},
      {"bug", std::regex(R"(kernel BUG at )")},
      {"hung-task", std::regex(R"(INFO: task .* blocked for more than \d+ seconds)")},
      {"soft-lockup", std::regex(R"(BUG: soft lockup|rcu: INFO: .* detected stalls)")},
      {"oops", std::regex(R"(Oops: |BUG: unable to handle|BUG: kernel NULL pointer dereference|general protection fault)")},
      {"panic", std::regex(R"(Kernel panic - not syncing)")},
      {"warning", std::regex(R"(WARNING: )")},
      {"bug", std::regex(R"(BUG: )")},
      {"ubsan", std::regex(R"(UBSAN: )")},
  };
  return list;
}

const std::regex kPrintkTime(R"(^\[\s*\d+\.\d+\] ?)");
const std::regex kTraceEnd(R"(---\[ end (trace|Kernel panic))");

// A splat's report runs to "---[ end trace ... ]---"; cap it so a log that
// never ends the trace does not swallow the rest.
constexpr size_t kMaxContext = 60;

std::string stripTime(const std::string &line) {
  return std::regex_replace(line, kPrintkTime, "", std::regex_constants::format_first_only);
}

const char *kindOf(const std::string &text) {
  for (const Pattern &p : patterns())
    if (std::regex_search(text, p.re)) return p.kind;
  return nullptr;
}

}  // namespace

std::vector<Splat> scanForSplats(const std::string &consoleLog) {
  std::vector<std::string> lines;
  std::istringstream in(consoleLog);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(stripTime(line));
  }
  std::vector<Splat> splats;
  for (size_t i = 0; i < lines.size(); ++i) {
    const char *kind = kindOf(lines[i]);
    if (!kind) continue;
    Splat s{kind, static_cast<unsigned>(i + 1), lines[i], {}};
    // The lines that belong to this report; a second splat inside it (a
    // WARNING's "kernel BUG" follow-up) is still reported on its own.
    for (size_t j = i + 1; j < lines.size() && s.context.size() < kMaxContext; ++j) {
      s.context.push_back(lines[j]);
      if (std::regex_search(lines[j], kTraceEnd)) break;
    }
    splats.push_back(std::move(s));
  }
  return splats;
}

}  // namespace kconv
