// Plain-text layout for reports read in a mail client: nothing wider than
// 80 columns, tables padded with spaces (no HTML, no tabs).
#pragma once

#include <string>
#include <vector>

namespace kconv {

constexpr size_t kMailWidth = 80;

// Wraps `text` at spaces into lines of at most `width` columns; the first
// line starts with `first`, the others with `rest`. A word longer than a
// line is cut, never allowed past `width`.
std::string wrapText(const std::string &text, const std::string &first, const std::string &rest,
                     size_t width = kMailWidth);

// A table whose columns are padded to their widest cell. Numeric columns
// align right. The last column wraps (with a hanging indent) when a row
// would pass `width`, so long subsystem names and rule ids stay readable.
class TextTable {
 public:
  TextTable(std::vector<std::string> header, std::vector<bool> numeric);
  void add(std::vector<std::string> row);
  // Every line starts with `indent` (four spaces make a Markdown code block).
  std::string render(const std::string &indent = "    ", size_t width = kMailWidth) const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

// "1,234": thousands separated, as figures read in prose.
std::string grouped(unsigned n);

// "1 site", "1,234 sites": a figure and its noun (plural with an 's').
std::string counted(unsigned n, const std::string &noun);

}  // namespace kconv
