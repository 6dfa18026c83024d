#include "qemu/splat_scanner.h"

#include "core/regex.h"

#include <sstream>

namespace kconv {

namespace {

struct Pattern {
  const char *kind;
  Regex re;
};

// Order matters: the first match names the splat, so specific messages come
// before the generic "BUG:" and "WARNING:".
const std::vector<Pattern> &patterns() {
  static const std::vector<Pattern> list = [] {
    const std::pair<const char *, const char *> table[] = {
        {"bad-page", R"(BUG: Bad (page state|page map|page cache|rss-counter))"},
        {"refcount", R"(refcount_t: (underflow|saturated|addition on 0|decrement hit 0))"},
        {"kasan", R"(BUG: KASAN:)"},
        {"vm-bug-on", R"(VM_BUG_ON)"},
        {"bug", R"(kernel BUG at )"},
        {"hung-task", R"(INFO: task .* blocked for more than \d+ seconds)"},
        {"soft-lockup", R"(BUG: soft lockup|rcu: INFO: .* detected stalls)"},
        {"oops", R"(Oops: |BUG: unable to handle|BUG: kernel NULL pointer dereference|general protection fault)"},
        {"panic", R"(Kernel panic - not syncing)"},
        {"warning", R"(WARNING: )"},
        {"bug", R"(BUG: )"},
        {"ubsan", R"(UBSAN: )"},
    };
    std::vector<Pattern> out;
    for (const auto &[kind, re] : table) out.push_back({kind, Regex(re)});
    return out;
  }();
  return list;
}

const Regex kPrintkTime(R"(^\[\s*\d+\.\d+\] ?)");
const Regex kTraceEnd(R"(---\[ end (trace|Kernel panic))");

// A splat's report runs to "---[ end trace ... ]---"; cap it so a log that
// never ends the trace does not swallow the rest.
constexpr size_t kMaxContext = 60;

std::string stripTime(const std::string &line) {
  return kPrintkTime.eraseFirst(line);
}

const char *kindOf(const std::string &text) {
  for (const Pattern &p : patterns())
    if (p.re.search(text)) return p.kind;
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
      if (kTraceEnd.search(lines[j])) break;
    }
    splats.push_back(std::move(s));
  }
  return splats;
}

}  // namespace kconv
