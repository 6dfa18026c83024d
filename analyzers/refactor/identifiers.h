// Whole-identifier search in C text: `type` in `a->type` but not in
// `subtype` or `type_x`. Used to check that a rewrite touched exactly the
// occurrences it meant to, and to find a token in a macro's definition.
#pragma once

#include <string>

namespace kconv::refactor {

bool isIdentifierChar(char c);

// The position of the first whole-identifier occurrence of `identifier`
// in `text` at or after `from`, or std::string::npos.
size_t findIdentifier(const std::string &text, const std::string &identifier, size_t from = 0);

// How many times `identifier` occurs as a whole identifier in `text`.
unsigned countIdentifier(const std::string &text, const std::string &identifier);

}  // namespace kconv::refactor
