// A C lexer just precise enough for the pre-filter: identifiers outside
// comments and strings, which of them stand in member position (after `->`
// or `.`, or as the last argument of offsetof(T, member)), and each macro
// definition's body. It never decides that code matches; it only proves
// that code cannot.
#pragma once

#include <string>
#include <vector>

namespace kconv {

struct LexedMacro {
  std::string name;
  std::vector<std::string> identifiers;  // in the replacement list
  std::vector<std::string> members;
};

struct LexedFile {
  std::vector<std::string> identifiers;  // unique, outside #define bodies
  std::vector<std::string> members;  // unique
  std::vector<LexedMacro> macros;
  // Starts with #ifndef or #pragma once: its text means the same in every
  // TU. Trace-event style headers (meant to be included again with other
  // macros defined) do not.
  bool includeGuarded = false;
  // An #include inside { } (a list pulled into a function or an
  // initializer), or braces that do not balance (#if branches opening
  // different blocks).
  bool includeInBraces = false;
};

LexedFile lexSource(const std::string &text);

}  // namespace kconv
