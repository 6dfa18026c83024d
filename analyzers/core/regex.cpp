#include "core/regex.h"

#include <re2/re2.h>

namespace kconv {

Regex::Regex(std::string_view pattern, Syntax syntax) : pattern_(pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  if (syntax == Syntax::PosixExtended) {
    options.set_posix_syntax(true);
    options.set_longest_match(true);
  }
  re_ = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
}

Regex::~Regex() = default;
Regex::Regex(Regex &&) noexcept = default;
Regex &Regex::operator=(Regex &&) noexcept = default;

bool Regex::ok() const { return re_ && re_->ok(); }

std::string Regex::error() const { return re_ ? re_->error() : "no pattern"; }

bool Regex::run(std::string_view text, int anchor, Match *m) const {
  if (!ok()) return false;
  int n = m ? 1 + re_->NumberOfCapturingGroups() : 0;
  std::vector<re2::StringPiece> subs(static_cast<size_t>(n));
  re2::StringPiece input(text.data(), text.size());
  if (!re_->Match(input, 0, input.size(), static_cast<RE2::Anchor>(anchor),
                  n ? subs.data() : nullptr, n))
    return false;
  if (m) {
    m->groups.clear();
    for (const re2::StringPiece &s : subs)
      m->groups.emplace_back(s.data(), s.data() ? s.size() : 0);
  }
  return true;
}

bool Regex::fullMatch(std::string_view text, Match *m) const {
  return run(text, RE2::ANCHOR_BOTH, m);
}

bool Regex::search(std::string_view text, Match *m) const {
  return run(text, RE2::UNANCHORED, m);
}

bool Regex::matchPrefix(std::string_view text, Match *m) const {
  return run(text, RE2::ANCHOR_START, m);
}

std::vector<Regex::Match> Regex::searchAll(std::string_view text) const {
  std::vector<Match> out;
  Match m;
  for (std::string_view rest = text; search(rest, &m);) {
    size_t end = static_cast<size_t>(m.groups[0].data() - rest.data()) + m.groups[0].size();
    if (m.groups[0].empty()) ++end;
    out.push_back(std::move(m));
    if (end > rest.size()) break;
    rest.remove_prefix(end);
  }
  return out;
}

std::string Regex::eraseFirst(std::string_view text) const {
  Match m;
  if (!search(text, &m)) return std::string(text);
  size_t at = static_cast<size_t>(m.groups[0].data() - text.data());
  return std::string(text.substr(0, at)) + std::string(text.substr(at + m.groups[0].size()));
}

}  // namespace kconv
