#include "support/expectations.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace kconv::test {

namespace {

Expectation parseOne(const std::string &text, const std::string &file,
                     unsigned line) {
  std::istringstream words(text);
  Expectation e;
  e.file = file;
  e.line = line;
  words >> e.rule;
  std::string kv;
  while (words >> kv) {
    if (kv == "*/") break;
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
    if (key == "col")
      e.column = std::stoul(value);
    else
      e.details[key] = value;
  }
  return e;
}

std::string detailText(const nlohmann::json &v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const auto &x : v) out += (out.empty() ? "" : ",") + detailText(x);
    return out;
  }
  return v.dump();
}

std::string where(const std::string &file, unsigned line) {
  return file + ":" + std::to_string(line);
}

}  // namespace

std::vector<Expectation> readExpectations(const std::string &root) {
  static const std::regex marker(R"(EXPECT(@([+-]\d+))?:\s*([^*]*))");
  std::vector<Expectation> out;
  for (const auto &entry : fs::recursive_directory_iterator(root)) {
    auto ext = entry.path().extension();
    if (ext != ".c" && ext != ".h") continue;
    std::string rel = fs::relative(entry.path(), root).string();
    std::ifstream in(entry.path());
    std::string text;
    for (unsigned line = 1; std::getline(in, text); ++line) {
      for (std::sregex_iterator it(text.begin(), text.end(), marker), end; it != end; ++it) {
        int offset = (*it)[2].matched ? std::stoi((*it)[2]) : 0;
        out.push_back(parseOne((*it)[3], rel, line + offset));
      }
    }
  }
  return out;
}

std::vector<std::string> compareWithFindings(const std::vector<Expectation> &expected,
                                             const std::vector<Finding> &found) {
  std::vector<std::string> problems;
  std::vector<bool> used(found.size(), false);
  for (const Expectation &e : expected) {
    bool matched = false;
    for (size_t i = 0; i < found.size() && !matched; ++i) {
      const Finding &f = found[i];
      if (used[i] || f.location.file != e.file || f.location.line != e.line ||
          f.rule != e.rule)
        continue;
      matched = used[i] = true;
      if (e.column && f.location.column != e.column)
        problems.push_back(where(e.file, e.line) + ": " + e.rule + ": column " +
                           std::to_string(f.location.column) + ", expected " +
                           std::to_string(e.column));
      for (const auto &[key, value] : e.details) {
        std::string got = f.details.contains(key) ? detailText(f.details[key]) : "<absent>";
        if (got != value)
          problems.push_back(where(e.file, e.line) + ": " + e.rule + ": " + key +
                             "=" + got + ", expected " + value);
      }
    }
    if (!matched)
      problems.push_back(where(e.file, e.line) + ": missing " + e.rule);
  }
  for (size_t i = 0; i < found.size(); ++i)
    if (!used[i])
      problems.push_back(where(found[i].location.file, found[i].location.line) +
                         ":" + std::to_string(found[i].location.column) +
                         ": unexpected " + found[i].rule + " " + found[i].details.dump());
  return problems;
}

}  // namespace kconv::test
