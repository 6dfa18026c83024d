// The sound lexical pre-filter: which TUs must be parsed so that the scan
// finds exactly what parsing every TU would find.
//
// A finding sits in some file F at a token of F: a rule name, a member
// access `->field`, or a macro use whose expansion (transitively) holds one.
// So F must hold such a trigger in its text. Which macros can expand to a
// trigger is decided per TU, from the definitions in the files it reads
// (all of them, whatever #if they sit under): a generic name (FN, REG_GET,
// TRACE_EVENT) defined to something else in one far-away header does not
// make every user of the name a trigger. A trigger in a TU's own source
// needs that TU parsed; a trigger in an include-guarded header means the
// same in every TU compiled with the same predefined macros, so one TU that
// includes it per distinct set of -D/-U/-include flags (built-in vs -DMODULE,
// per-directory ccflags) is enough; a header without a guard (trace events,
// X-macros) is parsed through every includer. Not covered: a macro a .c file
// defines before its #includes that a guarded header tests in #if.
//
// A member rule may carry a "prefilter_scope" (substrings of identifiers):
// `->type` is in 8,000 kernel .c files, but a `struct dev_pagemap`'s type
// is read through an expression whose declaration the file names: pgmap,
// page_pgmap(), get_dev_pagemap(), chunk->pagemap, or a macro whose body
// (transitively) does. A member trigger then counts only in a file that
// names a scope substring itself or through a macro it uses. This is the
// one assumption the pre-filter makes beyond C's rules; scans with and
// without the pre-filter are compared on whole v6.1 and v6.12 trees (README).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "clang/dependency_scan.h"
#include "clang/site_files.h"
#include "core/rule_pack.h"

namespace kconv {

struct LexicalTriggers {
  std::set<std::string> identifiers;  // rule names (functions, macros, predicates)
  std::set<std::string> members;  // fields matched as `->x` / `.x`
  // Field -> its rule's "prefilter_scope"; fields absent here are unscoped.
  std::map<std::string, std::vector<std::string>> memberScope;
};

// From every rule file: "names"[].name, "predicates"[].name, "field".
LexicalTriggers triggersFor(const RulePack &rules);

struct ParsePlan {
  std::vector<bool> parse;  // per TU, same order as the input
  unsigned ownText = 0;  // TUs whose own source holds a trigger
  unsigned forHeaders = 0;  // added to cover a header
  unsigned unscanned = 0;  // dependency scan failed: parsed to be safe
  unsigned triggerFiles = 0;  // files that can hold findings
  unsigned taintedMacros = 0;
  unsigned outOfScopeFiles = 0;  // hold a scoped member only, outside its scope
  // mayHoldSites: the tree's trigger files whatever --paths says (so a
  // TU's result, cached, does not depend on it).
  SiteFiles siteFiles;
};

// `reported(file)`: whether sites in that tree-relative file are reported
// (the --paths filter); files outside the tree never are.
// The flags that can change what a header means: -D, -U and -include,
// without the per-file names Kbuild defines (KBUILD_MODNAME and friends).
std::string preprocessorContext(const std::vector<std::string> &arguments);

ParsePlan planParses(const std::vector<std::string> &sources,
                     const std::vector<std::string> &contexts,
                     const std::vector<TuDependencies> &deps,
                     const LexicalTriggers &triggers, const std::string &treeRoot,
                     const std::function<bool(const std::string &)> &reported,
                     unsigned jobs, const std::vector<bool> *preferred = nullptr);
// `preferred` (per TU, may be null): where any includer of a header's
// context will do, these are taken first (the gate: TUs whose result is
// cached, so the parent's side of a header commit parses nothing).

}  // namespace kconv
