#include "kernel/kconfig.h"

#include "core/regex.h"

#include <sstream>

namespace kconv {

KconfigValues parseKconfig(const std::string &text) {
  static const Regex set(R"(^(CONFIG_[A-Za-z0-9_]+)=(.*)$)");
  static const Regex unset(R"(^# (CONFIG_[A-Za-z0-9_]+) is not set$)");
  KconfigValues values;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    Regex::Match m;
    if (set.fullMatch(line, &m))
      values[m[1]] = m[2];
    else if (unset.fullMatch(line, &m))
      values[m[1]] = "n";
  }
  return values;
}

std::vector<DroppedOption> droppedOptions(const KconfigValues &wanted,
                                          const KconfigValues &actual) {
  std::vector<DroppedOption> dropped;
  for (const auto &[name, value] : wanted) {
    auto it = actual.find(name);
    std::string got = it == actual.end() ? "n" : it->second;
    if (got != value) dropped.push_back({name, value, got});
  }
  return dropped;
}

std::string describe(const std::vector<DroppedOption> &dropped) {
  std::string out;
  for (const DroppedOption &d : dropped) {
    if (!out.empty()) out += ", ";
    out += d.name + "=" + d.wanted + " (got " + d.got + ")";
  }
  return out;
}

}  // namespace kconv
