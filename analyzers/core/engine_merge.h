// Merges what the engines found into one list of sites, and says for each
// how sure we are. Clang sees one configuration of one architecture, typed;
// Coccinelle sees every #if branch and every file, untyped beyond the file;
// the lexical scan sees every occurrence of a rule's identifiers.
//
//   verified: true    Clang reported the site (alone or with Coccinelle), or
//                     Coccinelle reported a use in a macro body and Clang
//                     reported the same rule where that macro is expanded.
//   verified: false   only Coccinelle reported it; details.unverified_reason:
//     other-architecture  the file is under another arch/ than the scan's
//     not-built           the configuration compiles no TU that reads the file
//     clang-failed        the file's TU failed to parse
//     disabled-branch     the line is in an #if branch the configuration skips
//     macro-not-expanded  a macro body the configuration never expands with
//                         this rule
//     disagreement        Clang compiled the line and did not report it
//                         (details.unverified_note says what Clang saw)
//     clang-not-run       --engine cocci
//
// Positions: both engines give the spelling location, 1-based, in bytes
// (Coccinelle's 0-based column is converted when its output is read), so a
// site merges on (file, line, column, rule). Tolerance, counted in
// coverage.merge.tolerance: the same position and category with another
// rule (page-mapping access kinds: Clang's `read` of an unevaluated
// VM_BUG_ON argument is Coccinelle's `compare`) merges, keeping Clang's
// rule; a macro-body site merges with Clang's expansion sites (above).
//
// The lexical cross-check: every occurrence is reported (a finding at its
// position), explained (a prototype, #undef, another struct's member of
// that name, #if 0, another record's ->field per Clang or Coccinelle), or
// listed in coverage.lexical.unexplained.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.h"
#include "core/source_occurrence.h"

namespace kconv {

// An access the Coccinelle engine decided is not a site: typed as another
// record ("other"), or one it could not type ("untyped").
struct SiteNote {
  Location location;
  std::string category;
  std::string kind;  // "other" | "untyped"
  std::string text;  // "struct folio *", "base vmf->page has no known type"
};

// Notes in one order whatever order the files were run in: by position,
// then category, kind and text.
void sortNotes(std::vector<SiteNote> &notes);

struct ClangView {
  bool ran = false;
  std::vector<Finding> findings;
  std::set<std::string> filesSeen;  // every tree file a TU read
  std::map<std::string, std::set<unsigned>> activeLines;  // of the lines of interest
  std::set<std::string> failedFiles;  // TUs that failed to parse
};

struct CocciView {
  bool ran = false;
  std::vector<Finding> findings;
  std::vector<SiteNote> notes;
  std::set<std::string> problemFiles;  // files spatch timed out, crashed or failed on
};

struct MergeInput {
  ClangView clang;
  CocciView cocci;
  std::vector<SourceOccurrence> occurrences;  // the lexical scan
  std::string srcArch;  // the arch/ directory the configuration builds: "x86"
  // More built architectures (scan --arch), and those that could not be
  // built here with why (named in each of their sites' unverified note).
  std::set<std::string> otherSrcArches;
  std::map<std::string, std::string> unbuiltArches;  // arch/ dir -> reason
};

struct MergeResult {
  std::vector<Finding> findings;  // sorted
  nlohmann::json coverage;  // {"merge": {...}, "lexical": {...}}
};

MergeResult mergeEngines(MergeInput input);

}  // namespace kconv
