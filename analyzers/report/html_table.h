// Sortable HTML tables: the page's inline script (html_assets.cpp) sorts any
// <table class="sortable"> when a header is clicked, using each cell's
// data-sort value when present, numerically in columns marked "num".
#pragma once

#include <string>
#include <vector>

namespace kconv {

struct HtmlCell {
  std::string html;  // already escaped
  std::string sortKey;  // data-sort; empty: the cell's text
};

class HtmlTable {
 public:
  // `numeric[i]`: column i sorts as numbers and is right-aligned.
  HtmlTable(std::string id, std::vector<std::string> header, std::vector<bool> numeric);
  void add(std::vector<HtmlCell> row);
  std::string render() const;

  static HtmlCell text(const std::string &s);  // escaped
  static HtmlCell number(unsigned v);  // "1,234", sorted as 1234
  static HtmlCell code(const std::string &s);  // <code>, escaped

 private:
  std::string id_;
  std::vector<std::string> header_;
  std::vector<bool> numeric_;
  std::vector<std::vector<HtmlCell>> rows_;
};

// The page's stylesheet and its one script (table sorting), inlined so the
// page needs nothing from the network or the disk.
const char *reportCss();
const char *sortScript();

}  // namespace kconv
