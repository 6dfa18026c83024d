#include "report/maintainers_matcher.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <regex>
#include <string_view>
#include <unordered_map>

namespace kconv {

namespace {

// One F:, X: or N: entry, compiled once. Most F: patterns are plain paths,
// so they are compared as strings; only wildcards and N: need a regex, and
// the literal prefix in front of the first wildcard filters most files out
// before the regex runs.
struct Pattern {
  char type = 'F';
  std::string text;  // the regex text get_maintainer builds
  std::string prefix;  // every match starts with this
  std::string required;  // N: every match contains this
  bool literal = false;  // text is `prefix` escaped: no regex needed
  std::optional<std::regex> re;
  bool dir = false;  // ends with '/': covers everything below
  long slashes = 0;
  int depth = 0;
};

bool isMeta(char c) { return std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos; }

// get_maintainer.pl's read_maintainer_file for F:/X: values.
std::string globToRegex(const std::string &glob, const std::filesystem::path &root) {
  std::string out;
  for (char c : glob) {
    if (c == '.') out += "\\.";
    else if (c == '*') out += ".*";
    else if (c == '?') out += '.';
    else out += c;
  }
  // `-d $value` on the converted text, from the tree root: a directory
  // named without its '/' still covers its whole subtree.
  std::error_code ec;
  if (!out.empty() && out.back() != '/' && std::filesystem::is_directory(root / out, ec))
    out += '/';
  return out;
}

// The literal text every match must start with, and whether the whole
// regex is that literal (only `\.` escapes).
void literalPrefix(Pattern &p) {
  const std::string &t = p.text;
  if (t.find('|') != std::string::npos) return;  // alternation: no prefix
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\\' && i + 1 < t.size() && t[i + 1] == '.') {
      p.prefix += '.';
      ++i;
      continue;
    }
    if (!isMeta(c)) {
      p.prefix += c;
      continue;
    }
    // A quantifier makes the character before it optional.
    if ((c == '?' || c == '*' || c == '{') && !p.prefix.empty()) p.prefix.pop_back();
    return;
  }
  p.literal = true;
}

// Perl's /x: unescaped blanks outside [...] are ignored, '#' starts a comment.
std::string stripExtended(const std::string &re) {
  std::string out;
  bool inClass = false;
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      out += c;
      out += re[++i];
    } else if (inClass) {
      out += c;
      if (c == ']') inClass = false;
    } else if (c == '[') {
      out += c;
      inClass = true;
      if (i + 1 < re.size() && re[i + 1] == ']') out += re[++i];  // `[]...]`
    } else if (c == '#') {
      break;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      out += c;
    }
  }
  return out;
}

// The longest literal run every match of an N: regex must contain, so most
// paths are rejected by a substring search before the regex runs. Only
// top-level runs count (a group may be optional), a quantifier that allows
// zero repeats drops the character before it, and alternation gives up.
std::string requiredLiteral(const std::string &re) {
  std::string best, run;
  int depth = 0;
  auto end = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '|') return "";
    if (c == '\\' && i + 1 < re.size()) {
      char next = re[++i];
      if (depth == 0 && !std::isalnum(static_cast<unsigned char>(next))) run += next;
      else end();
    } else if (c == '(') {
      end();
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '[') {
      end();
      while (i + 1 < re.size() && re[++i] != ']') {
      }
    } else if (c == '?' || c == '*' || c == '{') {
      if (!run.empty()) run.pop_back();
      end();
    } else if (isMeta(c)) {
      end();
    } else if (depth == 0) {
      run += c;
    }
  }
  end();
  return best;
}

// get_maintainer.pl's rank of an F: pattern.
int patternDepth(const std::string &text) {
  int depth = static_cast<int>(std::count(text.begin(), text.end(), '/'));
  if (text.empty() || text.back() != '/') ++depth;
  if (text.rfind(".*", 0) == 0) depth = -1;
  return depth;
}

long slashes(const std::string &s) { return std::count(s.begin(), s.end(), '/'); }

// get_maintainer.pl's file_match_pattern.
bool fileMatch(const Pattern &p, const std::string &file, long fileSlashes) {
  if (!p.dir && fileSlashes != p.slashes) return false;
  if (file.compare(0, p.prefix.size(), p.prefix) != 0) return false;
  if (p.literal) return true;
  return std::regex_search(file, *p.re, std::regex_constants::match_continuous);
}

bool nameMatch(const Pattern &p, const std::string &file) {
  if (!p.required.empty() && file.find(p.required) == std::string::npos) return false;
  return std::regex_search(file, *p.re);
}

}  // namespace

// Patterns are kept in file order (section by section, entry by entry), and
// indexed by the literal directory they start with: a file can only match
// patterns filed under one of its ancestor directories, or under "" (N:
// regexes, patterns starting with a wildcard or naming a top-level file).
// A lookup thus sees tens of patterns instead of all 8,000.
struct MaintainersMatcher::Impl {
  std::vector<Pattern> patterns;  // file order
  std::vector<uint32_t> sectionOf;  // per pattern
  std::unordered_map<std::string, std::vector<uint32_t>> byDirectory;
  std::vector<MaintainersProblem> problems;

  bool compile(const MaintainersEntry &e, const std::filesystem::path &root, Pattern &p) {
    p.type = e.type;
    if (e.type == 'N') {
      p.text = stripExtended(e.value);
      p.required = requiredLiteral(p.text);
    } else {
      p.text = globToRegex(e.value, root);
      p.dir = !p.text.empty() && p.text.back() == '/';
      p.slashes = slashes(p.text);
      p.depth = patternDepth(p.text);
      literalPrefix(p);
      if (p.literal) return true;
    }
    try {
      p.re.emplace(p.text, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error &err) {
      problems.push_back({e.line, std::string(1, e.type) + ": pattern '" + e.value +
                                      "' is not a valid regex (skipped): " + err.what()});
      return false;
    }
    return true;
  }

  void add(Pattern p, uint32_t section) {
    std::string dir = p.type == 'N' ? "" : p.prefix.substr(0, p.prefix.rfind('/') + 1);
    byDirectory[dir].push_back(static_cast<uint32_t>(patterns.size()));
    patterns.push_back(std::move(p));
    sectionOf.push_back(section);
  }

  // Ids of the patterns that may match `file`, in file order.
  std::vector<uint32_t> candidates(const std::string &file) const {
    std::vector<uint32_t> out;
    auto take = [&](const std::string &dir) {
      auto it = byDirectory.find(dir);
      if (it != byDirectory.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    };
    take("");
    for (size_t slash = file.find('/'); slash != std::string::npos; slash = file.find('/', slash + 1))
      take(file.substr(0, slash + 1));
    std::sort(out.begin(), out.end());
    return out;
  }
};

MaintainersMatcher::MaintainersMatcher(const Maintainers &m, const std::string &treeRoot)
    : impl_(std::make_unique<Impl>()) {
  std::filesystem::path root(treeRoot);
  for (uint32_t i = 0; i < m.sections.size(); ++i)
    for (const MaintainersEntry &e : m.sections[i].entries) {
      if ((e.type != 'F' && e.type != 'X' && e.type != 'N') || e.value.empty()) continue;
      Pattern p;
      if (impl_->compile(e, root, p)) impl_->add(std::move(p), i);
    }
}

MaintainersMatcher::~MaintainersMatcher() = default;
MaintainersMatcher::MaintainersMatcher(MaintainersMatcher &&) noexcept = default;

std::vector<SectionMatch> MaintainersMatcher::match(const std::string &file) const {
  std::vector<SectionMatch> out;
  long fileSlashes = slashes(file);
  std::vector<uint32_t> ids = impl_->candidates(file);
  // Walk the candidates section by section: one X: match drops the
  // section; the last matching F:/N: sets its depth.
  for (size_t k = 0; k < ids.size();) {
    uint32_t section = impl_->sectionOf[ids[k]];
    bool excluded = false;
    const Pattern *last = nullptr;  // the last matching F:/N: sets the rank
    for (; k < ids.size() && impl_->sectionOf[ids[k]] == section; ++k) {
      const Pattern &p = impl_->patterns[ids[k]];
      if (p.type == 'X') excluded = excluded || fileMatch(p, file, fileSlashes);
      else if (p.type == 'N' ? nameMatch(p, file) : fileMatch(p, file, fileSlashes)) last = &p;
    }
    if (last && !excluded)
      out.push_back({section, last->type == 'N' ? 0 : last->depth,
                     last->type == 'N' ? 0 : last->prefix.size()});
  }
  std::stable_sort(out.begin(), out.end(), [](const SectionMatch &a, const SectionMatch &b) {
    return a.depth != b.depth ? a.depth > b.depth : a.literal > b.literal;
  });
  return out;
}

const std::vector<MaintainersProblem> &MaintainersMatcher::problems() const {
  return impl_->problems;
}

}  // namespace kconv
