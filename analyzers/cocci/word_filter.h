// Which files the lexical scan must lex: a file can hold an occurrence only
// if it contains one of the scan's needles as a whole word (a rule's
// identifier; a member rule's field, or the names its lexical_scope asks
// for). The lexer's identifiers are maximal runs of [A-Za-z0-9_], so a
// file without a needle as such a run yields nothing: skipping it changes
// no result. Checking that is one pass over the bytes with a table, where
// lexing is comments, strings, directives and classification: on v6.12
// (59,952 .c/.h files) the whole-tree lexical scan went from about 25 s to
// a few seconds on 2 cores (docs/benchmarks.md).
#pragma once

#include <bitset>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "cocci/source_scan.h"

namespace kconv {

class WordFilter {
 public:
  explicit WordFilter(const ScanNames &names);

  // Whether `text` holds a needle as a maximal run of word characters.
  bool mayHold(std::string_view text) const;

 private:
  std::set<std::string> needles_;
  std::unordered_set<std::string_view> lookup_;  // views into needles_
  std::bitset<256> lengths_;  // lengths of needles; a longer one: every file
  bool everyFile_ = false;  // a needle the word runs cannot find
};

}  // namespace kconv
