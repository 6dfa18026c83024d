#include "cocci/source_scan.h"
#include "cocci/word_filter.h"

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string_view>

namespace kconv {

namespace {

enum class Kind { Ident, Punct, Other };

struct Token {
  Kind kind;
  std::string_view text;
  unsigned line, column;
  int directive;  // index into Lexer::directives, -1 outside directives
  bool dead;  // inside #if 0
};

struct Directive {
  std::string name;  // "define", "if", "ifdef" ...
  size_t firstToken = 0;  // the first token after the directive name
};

bool identStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A C tokenizer good enough to find identifiers: comments, strings,
// character constants and line continuations are skipped, directives are
// recognised at the start of a logical line, and #if 0 regions are marked.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  void run() {
    while (pos_ < s_.size()) step();
  }

  std::vector<Token> tokens;
  std::vector<Directive> directives;

 private:
  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  void newline() {
    ++line_;
    column_ = 1;
  }
  void advance(size_t n = 1) {
    for (size_t i = 0; i < n && pos_ < s_.size(); ++i, ++pos_) {
      if (s_[pos_] == '\n')
        newline();
      else
        ++column_;
    }
  }
  bool continuation() const {
    if (at(pos_) != '\\') return false;
    return at(pos_ + 1) == '\n' || (at(pos_ + 1) == '\r' && at(pos_ + 2) == '\n');
  }

  void endOfLine() {
    advance();  // the '\n'
    directive_ = -1;
    lineStart_ = true;
  }

  void blockComment() {
    advance(2);
    while (pos_ < s_.size() && !(at(pos_) == '*' && at(pos_ + 1) == '/')) advance();
    advance(2);
  }

  void lineComment() {
    while (pos_ < s_.size() && at(pos_) != '\n') {
      if (continuation()) advance();  // a '\' ends the line: the comment goes on
      advance();
    }
  }

  void quoted(char quote) {
    advance();
    while (pos_ < s_.size() && at(pos_) != quote && at(pos_) != '\n') {
      if (at(pos_) == '\\') advance();
      advance();
    }
    if (at(pos_) == quote) advance();
  }

  bool dead() const {
    return std::any_of(conditions_.begin(), conditions_.end(), [](bool z) { return z; });
  }

  void push(Kind kind, size_t begin, unsigned line, unsigned column) {
    tokens.push_back({kind, s_.substr(begin, pos_ - begin), line, column, directive_,
                      dead()});
    lineStart_ = false;
  }

  // The rest of the directive's first physical line, for `#if 0`.
  std::string_view restOfLine() const {
    size_t end = s_.find('\n', pos_);
    std::string_view rest = s_.substr(pos_, end == std::string_view::npos ? end : end - pos_);
    size_t c = rest.find("/*");
    if (c != std::string_view::npos) rest = rest.substr(0, c);
    c = rest.find("//");
    if (c != std::string_view::npos) rest = rest.substr(0, c);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.remove_suffix(1);
    return rest;
  }

  void directive() {
    advance();  // '#'
    while (at(pos_) == ' ' || at(pos_) == '\t') advance();
    size_t begin = pos_;
    while (identChar(at(pos_))) advance();
    std::string name(s_.substr(begin, pos_ - begin));
    lineStart_ = false;
    if (name == "if") {
      conditions_.push_back(restOfLine() == "0");
    } else if (name == "ifdef" || name == "ifndef") {
      conditions_.push_back(false);
    } else if (name == "elif" || name == "else") {
      if (!conditions_.empty()) conditions_.back() = false;
    } else if (name == "endif") {
      if (!conditions_.empty()) conditions_.pop_back();
    }
    directives.push_back({name, tokens.size()});
    directive_ = static_cast<int>(directives.size()) - 1;
    if (name == "include" || name == "include_next") {
      while (at(pos_) == ' ' || at(pos_) == '\t') advance();
      if (at(pos_) == '<') {
        while (pos_ < s_.size() && at(pos_) != '>' && at(pos_) != '\n') advance();
        if (at(pos_) == '>') advance();
      }
    }
  }

  void step() {
    char c = at(pos_);
    if (continuation()) {
      advance(at(pos_ + 1) == '\r' ? 3 : 2);
      return;
    }
    if (c == '\n') return endOfLine();
    if (std::isspace(static_cast<unsigned char>(c))) return advance();
    if (c == '/' && at(pos_ + 1) == '*') return blockComment();
    if (c == '/' && at(pos_ + 1) == '/') return lineComment();
    if (c == '#' && lineStart_) return directive();
    unsigned line = line_, column = column_;
    size_t begin = pos_;
    if (c == '"' || c == '\'') {
      quoted(c);
      return push(Kind::Other, begin, line, column);
    }
    if (identStart(c)) {
      while (identChar(at(pos_))) advance();
      // L"..." / u8'x' are literals, not identifiers.
      if ((at(pos_) == '"' || at(pos_) == '\'') &&
          (s_.substr(begin, pos_ - begin) == "L" || s_.substr(begin, pos_ - begin) == "u" ||
           s_.substr(begin, pos_ - begin) == "U" || s_.substr(begin, pos_ - begin) == "u8")) {
        quoted(at(pos_));
        return push(Kind::Other, begin, line, column);
      }
      return push(Kind::Ident, begin, line, column);
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && std::isdigit(static_cast<unsigned char>(at(pos_ + 1))))) {
      while (true) {
        char d = at(pos_);
        if ((d == '+' || d == '-') && pos_ > begin &&
            std::strchr("eEpP", at(pos_ - 1)))
          advance();
        else if (identChar(d) || d == '.')
          advance();
        else
          break;
      }
      return push(Kind::Other, begin, line, column);
    }
    if (c == '-' && at(pos_ + 1) == '>') {
      advance(2);
      return push(Kind::Punct, begin, line, column);
    }
    advance();
    push(Kind::Punct, begin, line, column);
  }

  std::string_view s_;
  size_t pos_ = 0;
  unsigned line_ = 1, column_ = 1;
  bool lineStart_ = true;
  int directive_ = -1;
  std::vector<bool> conditions_;  // per open #if: is the current branch #if 0
};

// Keywords that can precede a call but never a declared name.
const std::set<std::string_view> &exprKeywords() {
  static const std::set<std::string_view> k = {
      "return", "case", "else", "do", "sizeof", "typeof", "__typeof__",
      "if", "while", "switch", "for", "goto", "defined", "_Alignof", "__alignof__"};
  return k;
}

class Classifier {
 public:
  Classifier(const std::vector<Token> &t, const std::vector<Directive> &d)
      : t_(t), d_(d) {}

  const Token *prev(size_t i, size_t back = 1) const {
    return i >= back && t_[i - back].directive == t_[i].directive ? &t_[i - back] : nullptr;
  }
  bool is(const Token *tok, std::string_view text) const {
    return tok && tok->text == text;
  }

  // `x.field` (a member access), not `{ .field = ... }` (a designator).
  bool memberAccess(size_t i) const {
    const Token *p = prev(i);
    if (is(p, "->")) return true;
    if (!is(p, ".")) return false;
    const Token *pp = prev(i, 2);
    return pp && (pp->kind == Kind::Ident || pp->text == ")" || pp->text == "]");
  }

  // `type name(params);`: a prototype. `type name(params) {` is a
  // definition, anything else a use.
  bool declaration(size_t i) const {
    if (i + 1 >= t_.size() || t_[i + 1].text != "(" || t_[i + 1].directive != t_[i].directive)
      return false;
    const Token *p = prev(i);
    if (!p || !(p->text == "*" || (p->kind == Kind::Ident && !exprKeywords().count(p->text))))
      return false;
    size_t j = closeParen(i + 1);
    // Attributes between the parameters and the end: __must_check,
    // __attribute__((...)), asm("...").
    for (int guard = 0; j < t_.size() && guard < 32; ++guard) {
      if (t_[j].directive != t_[i].directive) return false;
      if (t_[j].text == ";" || t_[j].text == ",") return true;
      if (t_[j].kind == Kind::Ident) {
        ++j;
        if (j < t_.size() && t_[j].text == "(") j = closeParen(j);
        continue;
      }
      return false;
    }
    return false;
  }

  std::string context(size_t i) const {
    const Token &tok = t_[i];
    if (tok.directive >= 0) {
      const Directive &d = d_[tok.directive];
      if (d.name == "define") return i == d.firstToken ? "define-name" : "define-body";
      if (d.name == "ifdef" || d.name == "ifndef") return "condition";
      if (d.name == "if" || d.name == "elif") {
        const Token *p = prev(i);
        if (is(p, "defined") || (is(p, "(") && is(prev(i, 2), "defined"))) return "condition";
        return "condition-expr";
      }
      if (d.name == "undef") return "undef";
      return "directive";
    }
    if (tok.dead) return "dead";
    return "code";
  }

  std::string macroOf(size_t i) const {
    const Token &tok = t_[i];
    if (tok.directive < 0) return "";
    const Directive &d = d_[tok.directive];
    if (d.name != "define" || d.firstToken >= t_.size() ||
        t_[d.firstToken].directive != tok.directive)
      return "";
    return std::string(t_[d.firstToken].text);
  }

 private:
  size_t closeParen(size_t open) const {
    int depth = 0;
    for (size_t j = open; j < t_.size(); ++j) {
      if (t_[j].directive != t_[open].directive) return j;
      if (t_[j].text == "(") ++depth;
      if (t_[j].text == ")" && --depth == 0) return j + 1;
    }
    return t_.size();
  }

  const std::vector<Token> &t_;
  const std::vector<Directive> &d_;
};

}  // namespace

ScanNames scanNamesFrom(const RulePack &rules) {
  ScanNames out;
  for (const RuleFile &rf : rules.files) {
    for (const char *list : {"names", "predicates"})
      if (rf.config.contains(list))
        for (const auto &entry : rf.config.at(list))
          out.identifiers[entry.at("name").get<std::string>()] = rf.category;
    if (rf.config.contains("ops"))
      for (const auto &entry : rf.config["ops"].at("members")) {
        out.members[entry.at("name").get<std::string>()] = rf.category;
        out.unscoped.insert(entry.at("name").get<std::string>());
      }
    if (rf.config.contains("record") && rf.config.contains("field"))
      out.members[rf.config.at("field").get<std::string>()] = rf.category;
    if (rf.config.contains("lexical_scope"))
      out.scope[rf.category] = rf.config.at("lexical_scope").get<std::vector<std::string>>();
  }
  return out;
}

std::vector<SourceOccurrence> scanSource(const std::string &file,
                                         const std::string &text,
                                         const ScanNames &names) {
  Lexer lexer(text);
  lexer.run();
  const std::vector<Token> &tokens = lexer.tokens;
  Classifier classify(tokens, lexer.directives);

  // Member rules with a scope count only in files that name the scope.
  std::set<std::string> scoped;
  for (const auto &scope : names.scope) {
    const std::vector<std::string> &hints = scope.second;  // (a lambda cannot capture a binding)
    bool found = std::any_of(tokens.begin(), tokens.end(), [&](const Token &t) {
      return t.kind == Kind::Ident &&
             std::find(hints.begin(), hints.end(), t.text) != hints.end();
    });
    if (!found) scoped.insert(scope.first);
  }

  std::vector<SourceOccurrence> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token &tok = tokens[i];
    if (tok.kind != Kind::Ident) continue;
    std::string name(tok.text);
    SourceOccurrence o;
    o.location = {file, tok.line, tok.column};
    o.name = name;
    if (auto id = names.identifiers.find(name); id != names.identifiers.end()) {
      o.category = id->second;
      o.context = classify.context(i);
      if (o.context == "code" && classify.memberAccess(i))
        o.context = "member-name";
      else if (o.context == "code" && classify.declaration(i))
        o.context = "declaration";
      if (o.context == "define-body") o.macro = classify.macroOf(i);
      out.push_back(o);
      continue;
    }
    auto m = names.members.find(name);
    if (m == names.members.end() || (scoped.count(m->second) && !names.unscoped.count(name)) ||
        !classify.memberAccess(i))
      continue;
    o.category = m->second;
    o.member = true;
    o.context = classify.context(i);
    if (o.context != "code" && o.context != "define-body" && o.context != "dead") continue;
    if (o.context == "define-body") o.macro = classify.macroOf(i);
    out.push_back(o);
  }
  return out;
}

namespace {

namespace fs = std::filesystem;

bool sourceFile(const fs::path &p) {
  std::string ext = p.extension().string();
  return ext == ".c" || ext == ".h";
}

// The .c/.h files under `paths`, tree-relative and sorted.
std::vector<std::string> listSources(const std::string &root,
                                     const std::vector<std::string> &paths) {
  std::vector<std::string> out;
  std::vector<std::string> starts = paths.empty() ? std::vector<std::string>{"."} : paths;
  for (const std::string &start : starts) {
    fs::path p = (fs::path(root) / start).lexically_normal();
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      if (sourceFile(p)) out.push_back(p.lexically_relative(root).string());
      continue;
    }
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec) && it->path().filename() == ".git") {
        it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec) || !sourceFile(it->path())) continue;
      out.push_back(it->path().lexically_normal().lexically_relative(root).string());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

TreeScan scanTree(const std::string &root, const std::vector<std::string> &paths,
                  const ScanNames &names, unsigned jobs) {
  TreeScan result;
  std::vector<std::string> files = listSources(root, paths);
  result.filesTotal = files.size();
  result.finder = "word-filter";
  const WordFilter filter(names);

  std::vector<std::vector<SourceOccurrence>> perFile(files.size());
  std::atomic<size_t> next{0};
  std::atomic<unsigned> lexed{0};
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      std::string text;
      try {
        text = readFile((fs::path(root) / files[i]).string());
      } catch (const InputError &) {
        continue;  // unreadable: nothing to lex, as before
      }
      if (!filter.mayHold(text)) continue;
      ++lexed;
      perFile[i] = scanSource(files[i], text, names);
    }
  };
  runWorkers(std::max(1u, jobs), work);
  result.filesRead = lexed;

  for (auto &occ : perFile)
    result.occurrences.insert(result.occurrences.end(), occ.begin(), occ.end());
  std::stable_sort(result.occurrences.begin(), result.occurrences.end(),
                   [](const SourceOccurrence &a, const SourceOccurrence &b) {
                     return a.location < b.location;
                   });
  return result;
}

}  // namespace kconv
