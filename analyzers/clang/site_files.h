// What the pre-filter proves about the files of a tree (clang/prefilter.h),
// handed to each parse (clang/tu_scanner.h) so it does only the work that
// can find a site: walk the declarations of `mayHoldSites`, and leave the
// function bodies of every other file unparsed.
#pragma once

#include <set>
#include <string>

namespace kconv {

struct SiteFiles {
  std::set<std::string> mayHoldSites;  // absolute paths of trigger files
  // Files with an #include inside braces (or braces the lexer could not
  // balance across #if branches): a body there may pull in a trigger file,
  // so their bodies are always parsed.
  std::set<std::string> includeInBraces;
};

}  // namespace kconv
