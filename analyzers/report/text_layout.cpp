#include "report/text_layout.h"

#include <algorithm>
#include <sstream>

namespace kconv {

std::string wrapText(const std::string &text, const std::string &first, const std::string &rest,
                     size_t width) {
  std::istringstream words(text);
  std::string out, line = first, word;
  bool empty = true;  // no word on `line` yet
  auto flush = [&] {
    out += line + "\n";
    line = rest;
    empty = true;
  };
  while (words >> word) {
    if (!empty && line.size() + 1 + word.size() > width) flush();
    if (!empty) line += ' ';
    // Cut a word that cannot fit on any line.
    while (line.size() + word.size() > width && line.size() < width) {
      size_t room = width - line.size();
      line += word.substr(0, room);
      word = word.substr(room);
      flush();
    }
    line += word;
    empty = false;
  }
  if (!empty || out.empty()) out += line + "\n";
  return out;
}

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> numeric)
    : header_(std::move(header)), numeric_(std::move(numeric)) {
  numeric_.resize(header_.size(), false);
}

void TextTable::add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

std::string TextTable::render(const std::string &indent, size_t width) const {
  size_t n = header_.size();
  std::vector<size_t> w(n, 0);
  for (size_t c = 0; c < n; ++c) {
    w[c] = header_[c].size();
    for (const auto &row : rows_) w[c] = std::max(w[c], row[c].size());
  }
  // Where the last column starts; it gets what is left of the line.
  size_t start = indent.size();
  for (size_t c = 0; c + 1 < n; ++c) start += w[c] + 2;
  size_t lastWidth = width > start + 10 ? width - start : 10;
  auto line = [&](const std::vector<std::string> &row) {
    std::string s = indent;
    for (size_t c = 0; c + 1 < n; ++c) {
      std::string pad(w[c] - row[c].size(), ' ');
      s += (numeric_[c] ? pad + row[c] : row[c] + pad) + "  ";
    }
    if (row[n - 1].size() <= lastWidth) {
      std::string l = s + row[n - 1];
      l.erase(l.find_last_not_of(' ') + 1);
      return l + "\n";
    }
    return wrapText(row[n - 1], s, std::string(start + 2, ' '), start + lastWidth);
  };
  std::string out = line(header_);
  std::vector<std::string> rule;
  for (size_t c = 0; c < n; ++c)
    rule.push_back(std::string(c + 1 < n ? w[c] : std::min(w[c], lastWidth), '-'));
  out += line(rule);
  for (const auto &row : rows_) out += line(row);
  return out;
}

std::string grouped(unsigned n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(i, ",");
  return s;
}

std::string counted(unsigned n, const std::string &noun) {
  return grouped(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace kconv
