#include "clang/source_lexer.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

namespace kconv {

namespace {

bool identStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  explicit Lexer(const std::string &text) : s_(text) {}

  LexedFile run() {
    bool firstDirective = true;
    while (pos_ < s_.size()) {
      skipSpaceAndComments(true);
      if (pos_ >= s_.size()) break;
      if (s_[pos_] == '#' && atLineStart_) {
        directive(firstDirective);
        firstDirective = false;
        continue;
      }
      token(identifiers_, members_);
      if (prev_ == "{") ++depth_;
      if (prev_ == "}" && --depth_ < 0) unbalanced_ = true;
    }
    out_.includeInBraces = out_.includeInBraces || unbalanced_ || depth_ != 0;
    out_.identifiers.assign(identifiers_.begin(), identifiers_.end());
    out_.members.assign(members_.begin(), members_.end());
    return std::move(out_);
  }

 private:
  // Skips blanks and comments; `newlines` false stops at an unescaped
  // newline (the end of a directive).
  void skipSpaceAndComments(bool newlines) {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        if (!newlines) return;
        atLineStart_ = true;
        ++pos_;
      } else if (c == '\\' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
        pos_ += 2;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
        size_t end = s_.find("*/", pos_ + 2);
        pos_ = end == std::string::npos ? s_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  std::string identifier() {
    size_t start = pos_;
    while (pos_ < s_.size() && identChar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  char peekSignificant() {
    size_t save = pos_;
    bool line = atLineStart_;
    skipSpaceAndComments(false);
    char c = pos_ < s_.size() ? s_[pos_] : '\0';
    pos_ = save;
    atLineStart_ = line;
    return c;
  }

  // Lexes one token into the given sets.
  void token(std::set<std::string> &ids, std::set<std::string> &members) {
    atLineStart_ = false;
    char c = s_[pos_];
    if (identStart(c)) {
      std::string id = identifier();
      bool member = prev_ == "->" || prev_ == "." || (prev_ == "," && peekSignificant() == ')');
      (member ? members : ids).insert(id);
      prev_ = "id";
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && pos_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + 1])))) {
      while (pos_ < s_.size() && (identChar(s_[pos_]) || s_[pos_] == '.' ||
                                  ((s_[pos_] == '+' || s_[pos_] == '-') &&
                                   std::strchr("eEpP", s_[pos_ - 1]))))
        ++pos_;
      prev_ = "num";
    } else if (c == '"' || c == '\'') {
      for (++pos_; pos_ < s_.size() && s_[pos_] != c && s_[pos_] != '\n'; ++pos_)
        if (s_[pos_] == '\\') ++pos_;
      ++pos_;
      prev_ = "lit";
    } else if (c == '-' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '>') {
      pos_ += 2;
      prev_ = "->";
    } else {
      prev_ = std::string(1, c);
      ++pos_;
    }
  }

  void directive(bool first) {
    ++pos_;  // '#'
    atLineStart_ = false;
    skipSpaceAndComments(false);
    std::string name = pos_ < s_.size() && identStart(s_[pos_]) ? identifier() : "";
    if (first) {
      out_.includeGuarded = name == "ifndef";
    }
    if (name == "pragma") {
      skipSpaceAndComments(false);
      if (pos_ < s_.size() && identStart(s_[pos_]) && identifier() == "once")
        out_.includeGuarded = true;
    }
    if (name == "define") return define();
    if (name == "include") {
      out_.includeInBraces = out_.includeInBraces || depth_ > 0;
      return restOfLine(nullptr, nullptr);
    }
    restOfLine(&identifiers_, &members_);
  }

  void define() {
    skipSpaceAndComments(false);
    if (pos_ >= s_.size() || !identStart(s_[pos_])) return restOfLine(nullptr, nullptr);
    LexedMacro macro;
    macro.name = identifier();
    if (pos_ < s_.size() && s_[pos_] == '(') {  // function-like: skip parameters
      while (pos_ < s_.size() && s_[pos_] != ')' && s_[pos_] != '\n') ++pos_;
      ++pos_;
    }
    std::set<std::string> ids, members;
    restOfLine(&ids, &members);
    macro.identifiers.assign(ids.begin(), ids.end());
    macro.members.assign(members.begin(), members.end());
    out_.macros.push_back(std::move(macro));
  }

  void restOfLine(std::set<std::string> *ids, std::set<std::string> *members) {
    prev_.clear();
    std::set<std::string> sinkIds, sinkMembers;
    while (true) {
      skipSpaceAndComments(false);
      if (pos_ >= s_.size() || s_[pos_] == '\n') break;
      token(ids ? *ids : sinkIds, members ? *members : sinkMembers);
    }
    prev_.clear();
  }

  const std::string &s_;
  size_t pos_ = 0;
  bool atLineStart_ = true;
  int depth_ = 0;  // { } nesting of the code outside directives
  bool unbalanced_ = false;
  std::string prev_;
  std::set<std::string> identifiers_, members_;
  LexedFile out_;
};

}  // namespace

LexedFile lexSource(const std::string &text) { return Lexer(text).run(); }

}  // namespace kconv
