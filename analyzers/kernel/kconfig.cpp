#include "kernel/kconfig.h"

#include <regex>
#include <sstream>

namespace kconv {

KconfigValues parseKconfig(const std::string &text) {
  static const std::regex set(R"(^(CONFIG_[A-Za-z0-9_]+)=(.*)$)");
  static const std::regex unset(R"(^# (CONFIG_[A-Za-z0-9_]+) is not set$)");
  KconfigValues values;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, set))
      values[m[1]] = m[2];
    else if (std::regex_match(line, m, unset))
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
