// The lexical scan: every occurrence of a rule pack's identifiers in the
// tree's .c and .h files, outside comments and strings, with where it is
// written (code, a prototype, a #define, an #if condition, #if 0 ...).
// It picks the files spatch must read, finds the preprocessor sites SmPL
// cannot match, and is the reference of the cross-check.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/rule_pack.h"
#include "core/source_occurrence.h"

namespace kconv {

struct ScanNames {
  std::map<std::string, std::string> identifiers;  // name -> category
  std::map<std::string, std::string> members;  // field -> category
  // category -> identifiers a file must contain for its `->field` accesses
  // to count (rules' "lexical_scope"); absent: every file.
  std::map<std::string, std::vector<std::string>> scope;
  // Members that count in every file, whatever their category's scope (the
  // pgmap's ops: a driver's dev_pagemap_ops need not name a pgmap).
  std::set<std::string> unscoped;
};

// Identifiers: "names"[].name and "predicates"[].name of every rule file;
// members: "field" of rule files with "record"/"field".
ScanNames scanNamesFrom(const RulePack &rules);

// Scans one file's text; occurrences carry `file` and are in text order.
std::vector<SourceOccurrence> scanSource(const std::string &file,
                                         const std::string &text,
                                         const ScanNames &names);

struct TreeScan {
  std::vector<SourceOccurrence> occurrences;  // sorted by location
  unsigned filesRead = 0;  // files lexed: those holding a needle as a word
  unsigned filesTotal = 0;  // .c/.h files under the paths
  std::string finder;  // how files were picked: "word-filter" (cocci/word_filter.h)
};

// Scans the .c and .h files under `paths` (tree-relative; empty: the whole
// tree) with `jobs` threads, lexing those that hold a needle as a whole
// word (cocci/word_filter.h): what coccicheck's gitgrep does, in process
// and over every file, tracked by git or not.
TreeScan scanTree(const std::string &root, const std::vector<std::string> &paths,
                  const ScanNames &names, unsigned jobs);

}  // namespace kconv
