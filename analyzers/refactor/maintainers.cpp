#include "refactor/maintainers.h"

#include <fnmatch.h>

#include <regex>
#include <sstream>

namespace kconv::refactor {

namespace {

bool isFieldLine(const std::string &line) {
  return line.size() >= 3 && line[0] >= 'A' && line[0] <= 'Z' && line[1] == ':' &&
         (line[2] == '\t' || line[2] == ' ');
}

std::string fieldValue(const std::string &line) {
  size_t start = line.find_first_not_of(" \t", 2);
  return start == std::string::npos ? "" : line.substr(start);
}

unsigned slashes(const std::string &pattern) {
  unsigned n = 0;
  for (char c : pattern)
    if (c == '/') ++n;
  return n;
}

}  // namespace

std::vector<MaintainersEntry> parseMaintainers(const std::string &text) {
  std::vector<MaintainersEntry> out;
  std::istringstream in(text);
  std::string line;
  std::optional<MaintainersEntry> current;
  std::string previous;  // a title is the non-field line just before the fields
  auto flush = [&] {
    if (current && (!current->files.empty() || !current->regexes.empty()))
      out.push_back(std::move(*current));
    current.reset();
  };
  while (std::getline(in, line)) {
    if (isFieldLine(line)) {
      if (!current) {
        current = MaintainersEntry{};
        current->title = previous;
      }
      std::string v = fieldValue(line);
      switch (line[0]) {
        case 'F': current->files.push_back(v); break;
        case 'X': current->excludes.push_back(v); break;
        case 'N': current->regexes.push_back(v); break;
        case 'L': current->lists.push_back(v.substr(0, v.find(' '))); break;
        default: break;
      }
    } else {
      flush();
      previous = line;
    }
  }
  flush();
  return out;
}

unsigned matchDepth(const std::string &pattern, const std::string &path) {
  if (pattern.empty()) return 0;
  // Ranked by the directories the pattern pins (its slashes), then an exact
  // file above a wildcard at the same depth; +1 keeps every match above 0.
  if (pattern.back() == '/')
    return path.compare(0, pattern.size(), pattern) == 0 ? 2 * slashes(pattern) + 1 : 0;
  if (fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0) {
    bool exact = pattern.find_first_of("*?[") == std::string::npos;
    return 2 * slashes(pattern) + (exact ? 2 : 1);
  }
  // "F: dir" without the slash names a directory too.
  if (path.compare(0, pattern.size() + 1, pattern + "/") == 0)
    return 2 * (slashes(pattern) + 1) + 1;
  return 0;
}

std::optional<MaintainersEntry> entryFor(const std::vector<MaintainersEntry> &entries,
                                         const std::string &path) {
  const MaintainersEntry *best = nullptr;
  unsigned bestScore = 0;
  for (const MaintainersEntry &e : entries) {
    bool excluded = false;
    for (const std::string &x : e.excludes) excluded = excluded || matchDepth(x, path) > 0;
    if (excluded) continue;
    unsigned score = 0;
    for (const std::string &f : e.files)
      if (unsigned d = matchDepth(f, path)) score = std::max(score, d + 1);  // above N:
    if (score == 0)
      for (const std::string &n : e.regexes) {
        try {
          if (std::regex_search(path, std::regex(n, std::regex::extended))) score = 1;
        } catch (const std::regex_error &) {
          // Perl-only syntax in an N: line: not usable here, not fatal.
        }
      }
    if (score > bestScore) {
      best = &e;
      bestScore = score;
    }
  }
  if (!best) return std::nullopt;
  return *best;
}

}  // namespace kconv::refactor
