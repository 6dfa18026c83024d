#include "kernel/maintainers_pattern.h"

#include <stdexcept>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace kconv {

namespace {

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
void literalPrefix(MaintainersPattern &p) {
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
      while (++i < re.size() && re[i] != ']')
        if (re[i] == '\\') ++i;
    } else if (c == '?' || c == '*' || c == '{') {
      if (!run.empty()) run.pop_back();
      end();
      if (c == '{')
        while (i + 1 < re.size() && re[++i] != '}') {
        }
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

}  // namespace

long slashCount(const std::string &s) { return std::count(s.begin(), s.end(), '/'); }

MaintainersPattern compilePattern(const MaintainersEntry &e, const std::filesystem::path &treeRoot) {
  MaintainersPattern p;
  p.type = e.type;
  if (e.type == 'N') {
    p.text = stripExtended(e.value);
    p.required = requiredLiteral(p.text);
  } else {
    p.text = globToRegex(e.value, treeRoot);
    p.dir = !p.text.empty() && p.text.back() == '/';
    p.slashes = slashCount(p.text);
    p.depth = patternDepth(p.text);
    literalPrefix(p);
    if (p.literal) return p;
  }
  p.re = std::make_shared<const Regex>(p.text);
  if (!p.re->ok()) throw std::invalid_argument(p.re->error());
  return p;
}

bool fileMatches(const MaintainersPattern &p, const std::string &file, long fileSlashes) {
  if (!p.dir && fileSlashes != p.slashes) return false;
  if (file.compare(0, p.prefix.size(), p.prefix) != 0) return false;
  if (p.literal) return true;
  return p.re->matchPrefix(file);
}

bool nameMatches(const MaintainersPattern &p, const std::string &file) {
  if (!p.required.empty() && file.find(p.required) == std::string::npos) return false;
  return p.re->search(file);
}

}  // namespace kconv
