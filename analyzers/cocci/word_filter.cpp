#include "cocci/word_filter.h"

#include <array>

namespace kconv {

namespace {

// [A-Za-z0-9_]: the lexer's identChar in the C locale kconv runs in.
constexpr std::array<bool, 256> wordTable() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  t['_'] = true;
  return t;
}
constexpr std::array<bool, 256> kWord = wordTable();

bool isWord(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!kWord[static_cast<unsigned char>(c)]) return false;
  return true;
}

}  // namespace

WordFilter::WordFilter(const ScanNames &names) {
  for (const auto &[name, category] : names.identifiers) needles_.insert(name);
  for (const auto &[field, category] : names.members) {
    auto scope = names.scope.find(category);
    if (scope == names.scope.end() || names.unscoped.count(field))
      needles_.insert(field);
    else
      needles_.insert(scope->second.begin(), scope->second.end());
  }
  for (const std::string &n : needles_) {
    if (!isWord(n) || n.size() >= lengths_.size()) everyFile_ = true;
    if (n.size() < lengths_.size()) lengths_.set(n.size());
    lookup_.insert(n);
  }
}

bool WordFilter::mayHold(std::string_view text) const {
  if (everyFile_) return true;
  const size_t n = text.size();
  const unsigned char *s = reinterpret_cast<const unsigned char *>(text.data());
  size_t i = 0;
  while (i < n) {
    while (i < n && !kWord[s[i]]) ++i;
    size_t start = i;
    while (i < n && kWord[s[i]]) ++i;
    size_t len = i - start;
    if (len < lengths_.size() && lengths_[len] && lookup_.count(text.substr(start, len)))
      return true;
  }
  return false;
}

}  // namespace kconv
