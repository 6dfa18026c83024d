#include "report/maintainers_matcher.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <regex>
#include <string_view>

namespace kconv {

namespace {

// One F:, X: or N: entry, compiled once. Most F: patterns are plain paths,
// so they are compared as strings; only wildcards and N: need a regex, and
// the literal prefix in front of the first wildcard filters most files out
// before the regex runs (3,000 findings x 8,000 patterns stays well under a
// second).
struct Pattern {
  char type = 'F';
  std::string text;  // the regex text get_maintainer builds
  std::string prefix;  // every match starts with this
  bool literal = false;  // text is `prefix` escaped: no regex needed
  std::optional<std::regex> re;
  bool dir = false;  // ends with '/': covers everything below
  long slashes = 0;
  int depth = 0;
};

struct CompiledSection {
  std::vector<Pattern> excludes;  // X:
  std::vector<Pattern> includes;  // F: and N:, in file order
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
  return std::regex_search(file, *p.re);
}

}  // namespace

struct MaintainersMatcher::Impl {
  std::vector<CompiledSection> sections;
  std::vector<MaintainersProblem> problems;

  bool compile(const MaintainersEntry &e, const std::filesystem::path &root, Pattern &p) {
    p.type = e.type;
    if (e.type == 'N') {
      p.text = stripExtended(e.value);
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
};

MaintainersMatcher::MaintainersMatcher(const Maintainers &m, const std::string &treeRoot)
    : impl_(std::make_unique<Impl>()) {
  std::filesystem::path root(treeRoot);
  for (const MaintainersSection &s : m.sections) {
    CompiledSection c;
    for (const MaintainersEntry &e : s.entries) {
      if ((e.type != 'F' && e.type != 'X' && e.type != 'N') || e.value.empty()) continue;
      Pattern p;
      if (!impl_->compile(e, root, p)) continue;
      (e.type == 'X' ? c.excludes : c.includes).push_back(std::move(p));
    }
    impl_->sections.push_back(std::move(c));
  }
}

MaintainersMatcher::~MaintainersMatcher() = default;
MaintainersMatcher::MaintainersMatcher(MaintainersMatcher &&) noexcept = default;

std::vector<SectionMatch> MaintainersMatcher::match(const std::string &file) const {
  std::vector<SectionMatch> out;
  long fileSlashes = slashes(file);
  for (size_t i = 0; i < impl_->sections.size(); ++i) {
    const CompiledSection &s = impl_->sections[i];
    bool excluded = std::any_of(s.excludes.begin(), s.excludes.end(), [&](const Pattern &p) {
      return fileMatch(p, file, fileSlashes);
    });
    if (excluded) continue;
    std::optional<int> depth;
    for (const Pattern &p : s.includes) {
      if (p.type == 'N' ? nameMatch(p, file) : fileMatch(p, file, fileSlashes))
        depth = p.type == 'N' ? 0 : p.depth;
    }
    if (depth) out.push_back({i, *depth});
  }
  std::stable_sort(out.begin(), out.end(), [](const SectionMatch &a, const SectionMatch &b) {
    return a.depth > b.depth;
  });
  return out;
}

const std::vector<MaintainersProblem> &MaintainersMatcher::problems() const {
  return impl_->problems;
}

}  // namespace kconv
