// Parses one translation unit with its exact kernel command line and runs
// every checker of the rule pack over it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clang/active_lines.h"
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
  // Of the lines of interest, those this TU compiled (not in a skipped #if
  // branch), per tree-relative file.
  std::map<std::string, std::vector<unsigned>> activeLines;
};

TuResult scanTranslationUnit(const CompileCommand &command,
                             const RulePack &rules,
                             const std::string &treeRoot,
                             const LinesOfInterest *interest = nullptr);

// The command as parsed: dependency-file flags dropped (a syntax-only parse
// must not write into the build directory), warnings off, -Werror gone,
// clang's own resource directory added. Exposed for tests.
std::vector<std::string> parseArguments(const CompileCommand &command);

}  // namespace kconv
