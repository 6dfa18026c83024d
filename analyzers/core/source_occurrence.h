// Where a rule's identifier is written in the tree's C sources, found
// lexically (outside comments and strings, every #if branch, every file,
// every architecture). Engines explain these; what neither engine reports
// nor explains is listed as unexplained, so nothing is silently lost.
#pragma once

#include <string>

#include "core/finding.h"

namespace kconv {

struct SourceOccurrence {
  Location location;
  std::string category;  // the rule file's category: "devmap"
  std::string name;  // the identifier, or the field of a member rule
  bool member = false;  // `->field` / `.field` of a record/field rule
  // Where it is written:
  //   code          C code outside directives
  //   declaration   a prototype (a declaration, not a definition or use)
  //   member-name   an identifier rule's name used as some struct's member
  //   define-name   the name a #define defines
  //   define-body   the body of a #define (`macro` names it)
  //   condition     #ifdef / #ifndef / defined(NAME)
  //   condition-expr  other use in an #if / #elif expression
  //   undef         #undef NAME
  //   directive     any other directive (#include, #pragma, #error)
  //   dead          inside #if 0
  std::string context;
  std::string macro;
};

}  // namespace kconv
