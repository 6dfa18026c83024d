// Turns what spatch reported, and the preprocessor occurrences of the
// lexical scan, into findings (engine "cocci", not verified) with the
// messages and details the Clang checkers give the same sites, from the
// rule files' data; accesses of other records become notes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cocci/spatch_output.h"
#include "core/engine_merge.h"
#include "core/finding.h"
#include "core/rule_pack.h"
#include "core/source_occurrence.h"

namespace kconv {

// Source lines, for the normalised code a fingerprint needs.
class LineCache {
 public:
  explicit LineCache(std::string root) : root_(std::move(root)) {}
  std::string line(const std::string &file, unsigned n);

 private:
  std::string root_;
  std::map<std::string, std::vector<std::string>> files_;
};

struct Collected {
  std::vector<Finding> findings;
  std::vector<SiteNote> notes;
  unsigned outside = 0;  // records about files outside the tree
};

// `file` under `root`, tree-relative; empty when outside.
std::string relativeTo(const std::string &file, const std::string &root);

// spatch's records of one rule file's script.
void collectRecords(const RuleFile &rf, const std::vector<CocciRecord> &records,
                    const std::string &root, LineCache &lines, Collected &out);

// #define NAME, #ifdef NAME, defined(NAME), #if ... NAME ..., and names in
// #define bodies (spatch may not parse a body): the preprocessor sites of
// the identifier rules.
void collectDirectiveSites(const RulePack &rules,
                           const std::vector<SourceOccurrence> &occurrences,
                           LineCache &lines, Collected &out);

// One finding per (position, rule), spatch's over the lexical scan's; sorted.
void dedupeSites(std::vector<Finding> &findings);

}  // namespace kconv
