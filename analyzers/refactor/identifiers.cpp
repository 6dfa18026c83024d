#include "refactor/identifiers.h"

#include <cctype>

namespace kconv::refactor {

bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

size_t findIdentifier(const std::string &text, const std::string &identifier, size_t from) {
  for (size_t at = text.find(identifier, from); at != std::string::npos;
       at = text.find(identifier, at + 1)) {
    bool startOk = at == 0 || !isIdentifierChar(text[at - 1]);
    bool endOk = at + identifier.size() >= text.size() || !isIdentifierChar(text[at + identifier.size()]);
    if (startOk && endOk) return at;
  }
  return std::string::npos;
}

unsigned countIdentifier(const std::string &text, const std::string &identifier) {
  unsigned n = 0;
  for (size_t at = findIdentifier(text, identifier); at != std::string::npos;
       at = findIdentifier(text, identifier, at + 1))
    ++n;
  return n;
}

}  // namespace kconv::refactor
