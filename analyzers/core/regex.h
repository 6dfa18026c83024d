// Regular expressions over input kconv does not control (MAINTAINERS
// patterns and paths, consoles, spatch, compiler and checkpatch output,
// rule files, Makefiles): RE2, which matches in time linear in the
// subject and without recursion, so neither a 50 KB line nor a pattern
// like (a+)+x can stall kconv or overflow its stack as std::regex does.
// RE2 has no backreferences or lookaround; a pattern that needs them fails
// to compile and is reported as such.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace kconv {

class Regex {
 public:
  enum class Syntax { Perl, PosixExtended };
  // Never throws: check ok() (error() says why it does not compile).
  explicit Regex(std::string_view pattern, Syntax syntax = Syntax::Perl);
  ~Regex();
  Regex(Regex &&) noexcept;
  Regex &operator=(Regex &&) noexcept;

  bool ok() const;
  std::string error() const;
  const std::string &pattern() const { return pattern_; }

  // Capture groups of the last match: [0] the whole match. A group that
  // did not take part is empty and matched(i) is false.
  struct Match {
    std::vector<std::string_view> groups;
    bool matched(size_t i) const { return i < groups.size() && groups[i].data() != nullptr; }
    std::string str(size_t i) const {
      return matched(i) ? std::string(groups[i]) : std::string();
    }
    std::string operator[](size_t i) const { return str(i); }
  };

  // The whole text matches. `m` (optional) gets the groups; views point
  // into `text`.
  bool fullMatch(std::string_view text, Match *m = nullptr) const;
  // Some part of the text matches.
  bool search(std::string_view text, Match *m = nullptr) const;
  // A match starting at the text's first character.
  bool matchPrefix(std::string_view text, Match *m = nullptr) const;

  // Every non-overlapping match, left to right; views point into `text`.
  // An empty match moves on by one character, so this always ends.
  std::vector<Match> searchAll(std::string_view text) const;

  // `text` without its first match (the text itself when none).
  std::string eraseFirst(std::string_view text) const;

 private:
  bool run(std::string_view text, int anchor, Match *m) const;
  std::string pattern_;
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace kconv
