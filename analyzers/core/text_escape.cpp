#include "core/text_escape.h"

#include <cstdio>

namespace kconv {

namespace {

// Length of the valid UTF-8 sequence at s[i], 0 if none.
size_t sequenceAt(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n;
  unsigned min;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  unsigned cp = c & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::string hexEscape(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  return buf;
}

enum class Controls { Keep, EscapeButNewline, Escape };

std::string escaped(std::string_view bytes, Controls controls) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    size_t n = sequenceAt(bytes, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    auto c = static_cast<unsigned char>(bytes[i]);
    bool control = controls != Controls::Keep && n == 1 && (c < 0x20 || c == 0x7F) &&
                   c != '\t' && (c != '\n' || controls == Controls::Escape);
    if (control)
      out += hexEscape(c);
    else
      out.append(bytes.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string validUtf8(std::string_view bytes) { return escaped(bytes, Controls::Keep); }

std::string escapeControls(std::string_view bytes) {
  return escaped(bytes, Controls::EscapeButNewline);
}

std::string escapeLine(std::string_view bytes) { return escaped(bytes, Controls::Escape); }

std::string excerpt(std::string_view line, size_t limit) {
  if (line.size() <= limit) return std::string(line);
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return std::string(line.substr(0, cut)) + " [...]";
}

}  // namespace kconv
