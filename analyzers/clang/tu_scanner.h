// Parses one translation unit with its exact kernel command line and runs
// every checker of the rule pack over it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clang/active_lines.h"
#include "clang/site_files.h"
#include "core/finding.h"
#include "core/rule_pack.h"
#include "kernel/compile_db.h"

namespace kconv {

struct TuResult {
  std::string file;  // tree-relative
  bool parsed = false;  // false: errors (findings may still be partial)
  std::string error;  // first error, "file:line: message"
  std::vector<Finding> findings;
  std::vector<std::string> filesSeen;  // tree-relative: the source and its headers
  std::vector<std::string> filesRead;  // absolute: every input, for the cache
  // Absolute: where an #include that found nothing would have found its
  // file (clang/missing_includes.h), and the source itself if it does not
  // exist: what a failure depends on besides filesRead.
  std::vector<std::string> filesAbsent;
  bool fromCache = false;
  // Per tree-relative file the TU entered: the line ranges its #if
  // branches skipped (exclusive bounds). Answers "did this configuration
  // compile line L" for any line, so it can be cached with the result.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> skippedLines;
};

// `siteFiles`: what the pre-filter proved (null: nothing, parse it all).
// Most of a kernel TU is header code no checker can match in, so: function
// bodies are skipped (not parsed, not analysed) unless written in a file
// that may hold a site, or one with an #include inside braces, or produced
// by a macro expansion; and the checkers match only the top-level
// declarations of those files (clang/match_scope.h).
TuResult scanTranslationUnit(const CompileCommand &command,
                             const RulePack &rules,
                             const std::string &treeRoot,
                             const SiteFiles *siteFiles = nullptr);

// The command as parsed: dependency-file flags dropped (a syntax-only parse
// must not write into the build directory), warnings off, -Werror gone,
// clang's own resource directory added. Exposed for tests.
std::vector<std::string> parseArguments(const CompileCommand &command);

}  // namespace kconv
