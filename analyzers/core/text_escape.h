// Strings that come from outside (source lines, MAINTAINERS names, paths,
// console output) are bytes, not text: before they reach an output they
// are made safe for it. JSON gets valid UTF-8 (invalid bytes become
// U+FFFD, as nlohmann::json's `replace` handler does when it serialises);
// Markdown, HTML and terminals get no raw control characters (an escape
// sequence in a MAINTAINERS line must not drive the reader's terminal);
// a finding keeps a bounded excerpt of its line, never a 5 MB line.
#pragma once

#include <string>
#include <string_view>

namespace kconv {

// Every invalid UTF-8 sequence replaced by U+FFFD.
std::string validUtf8(std::string_view bytes);

// Control characters (C0 but tab and newline, DEL) as "\xNN"; the rest as
// validUtf8 makes it.
std::string escapeControls(std::string_view bytes);

// The same for one line of a terminal or a table cell: newlines too.
std::string escapeLine(std::string_view bytes);

// At most `limit` bytes of `line`, cut at a character boundary and marked
// with " [...]" when cut.
std::string excerpt(std::string_view line, size_t limit = 400);

}  // namespace kconv
