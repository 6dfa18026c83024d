#include "scan/header_change.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

namespace kconv {

namespace {

struct Token {
  std::string text;
  bool identifier = false;
  bool directive = false;  // a whole logical line: "#define X 1"
};

bool identStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Skips a comment at `i` if there is one; true if it did.
bool skipComment(const std::string &s, size_t &i) {
  if (s.compare(i, 2, "//") == 0) {
    while (i < s.size() && s[i] != '\n') {
      if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      ++i;
    }
    return true;
  }
  if (s.compare(i, 2, "/*") == 0) {
    size_t end = s.find("*/", i + 2);
    i = end == std::string::npos ? s.size() : end + 2;
    return true;
  }
  return false;
}

size_t skipQuoted(const std::string &s, size_t i) {
  char q = s[i++];
  while (i < s.size() && s[i] != q && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
  return std::min(i + 1, s.size());
}

// One directive from the `#` at `i` to the end of its logical line, with
// comments dropped and whitespace collapsed: "#  define X  1" -> "#define X 1".
std::string readDirective(const std::string &s, size_t &i) {
  std::string out = "#";
  ++i;
  bool space = false;
  while (i < s.size() && s[i] != '\n') {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
      i += 2;
      space = true;
      continue;
    }
    if (skipComment(s, i)) {
      space = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      space = true;
      ++i;
      continue;
    }
    if (space && out.size() > 1) out += ' ';
    space = false;
    if (s[i] == '"' || s[i] == '\'') {
      size_t end = skipQuoted(s, i);
      out += s.substr(i, end - i);
      i = end;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::vector<Token> tokenize(const std::string &s) {
  std::vector<Token> out;
  bool lineStart = true;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n') {
      lineStart = true;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c)) || (c == '\\' && i + 1 < s.size() && s[i + 1] == '\n')) {
      i += c == '\\' ? 2 : 1;
    } else if (skipComment(s, i)) {
    } else if (c == '#' && lineStart) {
      out.push_back({readDirective(s, i), false, true});
    } else {
      lineStart = false;
      size_t start = i;
      bool ident = false;
      if (identStart(c)) {
        while (i < s.size() && identChar(s[i])) ++i;
        ident = true;
        if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {  // L"..", u8'..'
          i = skipQuoted(s, i);
          ident = false;
        }
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
        while (i < s.size() && (identChar(s[i]) || s[i] == '.' ||
                                ((s[i] == '+' || s[i] == '-') && std::strchr("eEpP", s[i - 1]))))
          ++i;
      } else if (c == '"' || c == '\'') {
        i = skipQuoted(s, i);
      } else if (s.compare(i, 2, "->") == 0 || s.compare(i, 2, "##") == 0) {
        i += 2;
      } else {
        ++i;
      }
      out.push_back({s.substr(start, i - start), ident, false});
    }
  }
  return out;
}

// The identifiers a directive's text names ("#ifdef CONFIG_X" -> CONFIG_X).
void directiveIdentifiers(const std::string &text, std::set<std::string> &out) {
  for (size_t i = 1; i < text.size();) {
    if (text[i] == '"' || text[i] == '\'') {
      i = skipQuoted(text, i);
    } else if (identStart(text[i])) {
      size_t start = i;
      while (i < text.size() && identChar(text[i])) ++i;
      out.insert(text.substr(start, i - start));
    } else {
      ++i;
    }
  }
}

bool isConditional(const std::string &directive) {
  for (const char *k : {"#if", "#elif", "#else", "#endif"})
    if (directive.compare(0, std::strlen(k), k) == 0) return true;
  return false;
}

struct Item {
  enum Kind { Directive, Function, Declaration } kind = Declaration;
  std::string key;  // conditions + text: equal keys are the same item
  std::string head;  // Function: conditions + tokens before the body
  std::vector<std::string> tokens;
  size_t headEnd = 0;  // Function: index of the body's `{`
  bool nonConditionalDirective = false;  // holds #define, #include, ...
  std::set<std::string> identifiers;
};

struct Items {
  std::vector<Item> items;
  std::string error;
};

// Cuts the token stream into top-level items (see header_change.h).
Items cutItems(const std::vector<Token> &tokens) {
  Items out;
  std::vector<std::string> conditions;
  auto conditionsText = [&] {
    std::string t;
    for (const std::string &c : conditions) t += c + '\n';
    return t + '\x01';
  };
  Item cur;
  std::string curConditions;
  int depth = 0;
  std::string prev;  // previous non-directive token of the item
  bool assignment = false;
  auto close = [&](Item::Kind kind) {
    cur.kind = kind;
    std::string text;
    for (const std::string &t : cur.tokens) text += t + ' ';
    cur.key = curConditions + text;
    if (kind == Item::Function) {
      std::string head;
      for (size_t k = 0; k < cur.headEnd; ++k) head += cur.tokens[k] + ' ';
      cur.head = curConditions + head;
    }
    out.items.push_back(std::move(cur));
    cur = Item();
    prev.clear();
    assignment = false;
  };
  for (const Token &t : tokens) {
    if (t.directive) {
      bool conditional = isConditional(t.text);
      if (cur.tokens.empty()) curConditions = conditionsText();
      if (t.text.compare(0, 3, "#if") == 0) {
        conditions.push_back(t.text);
      } else if (t.text.compare(0, 5, "#elif") == 0 || t.text.compare(0, 5, "#else") == 0) {
        if (conditions.empty()) return {{}, "an #else without #if"};
        conditions.back() += " | " + t.text;
      } else if (t.text.compare(0, 6, "#endif") == 0) {
        if (conditions.empty()) return {{}, "an #endif without #if"};
        conditions.pop_back();
      }
      cur.nonConditionalDirective = cur.nonConditionalDirective || !conditional;
      directiveIdentifiers(t.text, cur.identifiers);
      bool standalone = cur.tokens.empty();
      cur.tokens.push_back(t.text);
      if (standalone) close(Item::Directive);
      continue;
    }
    if (cur.tokens.empty()) curConditions = conditionsText();
    if (t.identifier) cur.identifiers.insert(t.text);
    const std::string &x = t.text;
    if (x == "{" && depth == 0 && prev == ")" && !assignment && cur.headEnd == 0) {
      cur.headEnd = cur.tokens.size();
      cur.kind = Item::Function;
    }
    cur.tokens.push_back(x);
    if (x == "(" || x == "[" || x == "{") {
      ++depth;
    } else if (x == ")" || x == "]" || x == "}") {
      if (--depth < 0) return {{}, "unbalanced brackets"};
      if (x == "}" && depth == 0 && cur.kind == Item::Function) {
        close(Item::Function);
        continue;
      }
    } else if (x == ";" && depth == 0) {
      close(Item::Declaration);
      continue;
    } else if (x == "=" && depth == 0) {
      assignment = true;
    }
    prev = x;
  }
  if (depth != 0) return {{}, "brackets do not balance across #if branches"};
  if (!conditions.empty()) return {{}, "an #if without #endif"};
  if (!cur.tokens.empty()) close(Item::Declaration);
  return out;
}

}  // namespace

bool isCKeyword(const std::string &s) {
  static const std::set<std::string> k = {
      "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
      "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
      "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
      "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Static_assert",
      "__inline", "__inline__", "__volatile__", "__restrict", "typeof", "__typeof__",
      "__typeof", "asm", "__asm__", "__asm", "_Alignas", "_Atomic"};
  return k.count(s) > 0;
}

namespace {

bool keyword(const std::string &s) { return isCKeyword(s); }

// The function a definition's head or a prototype declares: the identifier
// before the first top-level parameter list that is not an attribute's.
// Empty when the item is not plainly a function (a function pointer, a
// typedef, a struct, several declarators, an initialiser).
std::string declaredFunction(const Item &item) {
  const std::vector<std::string> &t = item.tokens;
  size_t end = item.kind == Item::Function ? item.headEnd : t.size();
  if (item.nonConditionalDirective) return "";
  std::string name;
  int depth = 0;
  for (size_t k = 0; k < end; ++k) {
    const std::string &x = t[k];
    if (depth == 0 && (x == "typedef" || x == "=" || x == "," || x == "{")) return "";
    if (x == "(" || x == "[" || x == "{") {
      if (depth == 0 && x == "(" && name.empty() && k > 0) {
        const std::string &p = t[k - 1];
        if (p != "__attribute__" && p != "__attribute") {
          if (!identStart(p[0]) || keyword(p)) return "";
          name = p;
        }
      }
      ++depth;
    } else if (x == ")" || x == "]" || x == "}") {
      --depth;
    }
  }
  if (item.kind == Item::Declaration && (t.empty() || t.back() != ";")) return "";
  return name;
}

// Longest common subsequence of the item keys: which items are unchanged.
bool matchItems(const std::vector<Item> &a, const std::vector<Item> &b, std::vector<bool> &keptA,
                std::vector<bool> &keptB) {
  keptA.assign(a.size(), false);
  keptB.assign(b.size(), false);
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre].key == b[pre].key) keptA[pre] = keptB[pre] = true, ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf].key == b[b.size() - 1 - suf].key) {
    keptA[a.size() - 1 - suf] = keptB[b.size() - 1 - suf] = true;
    ++suf;
  }
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if (n == 0 || m == 0) return true;
  if (n * m > 16u * 1024 * 1024) return false;
  std::vector<uint32_t> len((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t & { return len[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      at(i, j) = a[pre + i].key == b[pre + j].key ? at(i + 1, j + 1) + 1
                                                  : std::max(at(i + 1, j), at(i, j + 1));
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a[pre + i].key == b[pre + j].key) {
      keptA[pre + i] = keptB[pre + j] = true;
      ++i, ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  return true;
}

// The name a `#define NAME...` directive defines; empty for any other.
std::string definedMacro(const std::string &directive) {
  size_t i = directive.find_first_not_of(" \t", directive.find('#') + 1);
  if (i == std::string::npos || directive.compare(i, 6, "define") != 0) return "";
  i = directive.find_first_not_of(" \t", i + 6);
  if (i == std::string::npos || !(std::isalpha(static_cast<unsigned char>(directive[i])) || directive[i] == '_'))
    return "";
  size_t end = i;
  while (end < directive.size() &&
         (std::isalnum(static_cast<unsigned char>(directive[end])) || directive[end] == '_'))
    ++end;
  return directive.substr(i, end - i);
}

}  // namespace

HeaderChange examineHeaderChange(const std::string &before, const std::string &after,
                                 const HeaderChangeRules &rules) {
  HeaderChange out;
  Items a = cutItems(tokenize(before)), b = cutItems(tokenize(after));
  if (!a.error.empty() || !b.error.empty()) {
    out.reason = "the header cannot be cut into declarations: " + (a.error.empty() ? b.error : a.error);
    return out;
  }
  std::vector<bool> keptA, keptB;
  if (!matchItems(a.items, b.items, keptA, keptB)) {
    out.reason = "the change is too large to compare declaration by declaration";
    return out;
  }
  // Names every unchanged item uses (the same on both sides).
  std::set<std::string> unchanged;
  for (size_t i = 0; i < b.items.size(); ++i)
    if (keptB[i]) unchanged.insert(b.items[i].identifiers.begin(), b.items[i].identifiers.end());

  // Function definitions whose head is on both sides: a body-only change.
  std::multimap<std::string, size_t> oldHeads;
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!keptA[i] && a.items[i].kind == Item::Function) oldHeads.emplace(a.items[i].head, i);
  std::vector<bool> pairedA(a.items.size(), false), pairedB(b.items.size(), false);
  for (size_t j = 0; j < b.items.size(); ++j) {
    if (keptB[j] || b.items[j].kind != Item::Function) continue;
    auto it = oldHeads.find(b.items[j].head);
    if (it == oldHeads.end()) continue;
    std::string name = declaredFunction(b.items[j]);
    if (name.empty()) continue;
    pairedA[it->second] = pairedB[j] = true;
    oldHeads.erase(it);
    out.bodies.insert(name);
    ++out.changedItems;
  }

  for (size_t i = 0; i < a.items.size(); ++i)
    if (!keptA[i]) out.changedIdentifiers.insert(a.items[i].identifiers.begin(), a.items[i].identifiers.end());
  for (size_t j = 0; j < b.items.size(); ++j)
    if (!keptB[j]) out.changedIdentifiers.insert(b.items[j].identifiers.begin(), b.items[j].identifiers.end());
  auto examine = [&](const Item &item, const char *side) -> bool {
    ++out.changedItems;
    if (item.kind == Item::Directive) {
      if (!item.nonConditionalDirective) return true;  // #if structure: see keys
      std::string macro = rules.freshMacros ? definedMacro(item.tokens.front()) : "";
      if (macro.empty()) {
        out.reason = std::string("a directive ") + side + ": " + item.tokens.front();
        return false;
      }
      if (unchanged.count(macro)) {
        out.reason = std::string("macro ") + macro + " " + side + " is named by unchanged code of the header";
        return false;
      }
      out.declared.insert(macro);
      return true;
    }
    std::string name = declaredFunction(item);
    if (name.empty()) {
      std::string text;
      for (size_t k = 0; k < item.tokens.size() && k < 8; ++k) text += item.tokens[k] + ' ';
      out.reason = std::string("a declaration that is not a function ") + side + ": " + text + "...";
      return false;
    }
    if (unchanged.count(name)) {
      out.reason = std::string("function ") + name + " " + side + " is named by unchanged code of the header";
      return false;
    }
    out.declared.insert(name);
    return true;
  };
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!keptA[i] && !pairedA[i] && !examine(a.items[i], "removed")) return out;
  for (size_t j = 0; j < b.items.size(); ++j)
    if (!keptB[j] && !pairedB[j] && !examine(b.items[j], "added")) return out;
  // A body-only change of one function and the addition of another of the
  // same name cannot both hold; the tree check sees the name twice anyway.
  out.confined = true;
  return out;
}

namespace {

std::vector<std::string> linesOf(const std::string &text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

}  // namespace

LineMap::LineMap(const std::string &before, const std::string &after) {
  std::vector<std::string> a = linesOf(before), b = linesOf(after);
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) {
    lines_[pre + 1] = pre + 1;
    ++pre;
  }
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) {
    lines_[a.size() - suf] = b.size() - suf;
    ++suf;
  }
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  ok_ = true;
  if (n == 0 || m == 0) return;
  if (n * m > 16u * 1024 * 1024) {
    ok_ = false;
    return;
  }
  std::vector<uint32_t> len((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t & { return len[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a[pre + i] == b[pre + j]) {
      lines_[pre + i + 1] = pre + j + 1;
      ++i, ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
}

std::optional<unsigned> LineMap::map(unsigned line) const {
  auto it = lines_.find(line);
  if (it == lines_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kconv
