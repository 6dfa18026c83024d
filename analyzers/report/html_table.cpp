#include "report/html_table.h"

#include "report/html_escape.h"
#include "report/text_layout.h"

namespace kconv {

HtmlTable::HtmlTable(std::string id, std::vector<std::string> header, std::vector<bool> numeric)
    : id_(std::move(id)), header_(std::move(header)), numeric_(std::move(numeric)) {
  numeric_.resize(header_.size(), false);
}

void HtmlTable::add(std::vector<HtmlCell> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

HtmlCell HtmlTable::text(const std::string &s) { return {escapeHtml(s), ""}; }
HtmlCell HtmlTable::number(unsigned v) { return {grouped(v), std::to_string(v)}; }
HtmlCell HtmlTable::code(const std::string &s) { return {"<code>" + escapeHtml(s) + "</code>", escapeHtml(s)}; }

std::string HtmlTable::render() const {
  // The wrapper scrolls a wide table (long paths, long proposals) on its
  // own instead of widening the whole page.
  std::string out = "<div class=\"scroll\"><table class=\"sortable\" id=\"" + escapeHtml(id_) +
                    "\">\n<thead><tr>";
  for (size_t c = 0; c < header_.size(); ++c)
    out += std::string("<th scope=\"col\"") + (numeric_[c] ? " class=\"num\"" : "") +
           " tabindex=\"0\">" + escapeHtml(header_[c]) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto &row : rows_) {
    out += "<tr>";
    for (size_t c = 0; c < row.size(); ++c) {
      out += "<td";
      if (numeric_[c]) out += " class=\"num\"";
      if (!row[c].sortKey.empty()) out += " data-sort=\"" + row[c].sortKey + "\"";
      out += ">" + row[c].html + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table></div>\n";
}

}  // namespace kconv
