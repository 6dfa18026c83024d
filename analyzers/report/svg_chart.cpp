#include <algorithm>
#include <sstream>

#include "report/chart.h"
#include "report/html_escape.h"

namespace kconv {

namespace {

// Geometry, in px. Labels get a fixed column; long ones are cut on screen
// and given whole in a <title> tooltip.
constexpr int kLabelWidth = 320, kBarWidth = 380, kValueWidth = 60;
constexpr int kBarHeight = 14, kRowGap = 10, kTop = 34, kLegend = 26;
constexpr size_t kLabelChars = 42;

std::string cut(const std::string &s) {
  return s.size() <= kLabelChars ? s : s.substr(0, kLabelChars - 3) + "...";
}

}  // namespace

std::string renderSvgChart(const Chart &chart) {
  unsigned max = 1;
  for (const ChartRow &r : chart.rows)
    for (unsigned v : r.values) max = std::max(max, v);
  int nSeries = static_cast<int>(chart.series.size());
  int rowHeight = nSeries * kBarHeight + kRowGap;
  int width = kLabelWidth + kBarWidth + kValueWidth;
  int height = kTop + static_cast<int>(chart.rows.size()) * rowHeight + kLegend;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << width
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << ' ' << height
      << "\" role=\"img\" aria-label=\"" << escapeHtml(chart.title) << "\">\n"
      << "<title>" << escapeHtml(chart.title) << "</title>\n"
      << "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">"
      << escapeHtml(chart.title) << "</text>\n";
  int y = kTop;
  for (const ChartRow &r : chart.rows) {
    svg << "<g><title>" << escapeHtml(r.label) << "</title>\n"
        << "<text x=\"0\" y=\"" << y + rowHeight / 2 << "\" font-size=\"12\">"
        << escapeHtml(cut(r.label)) << "</text>\n";
    for (int s = 0; s < nSeries; ++s) {
      unsigned v = s < static_cast<int>(r.values.size()) ? r.values[s] : 0;
      int len = static_cast<int>(static_cast<double>(v) * kBarWidth / max + 0.5);
      int by = y + s * kBarHeight;
      svg << "<rect x=\"" << kLabelWidth << "\" y=\"" << by << "\" width=\"" << len
          << "\" height=\"" << kBarHeight - 2 << "\" fill=\"" << chart.series[s].colour
          << "\"><title>" << escapeHtml(r.label + ", " + chart.series[s].name + ": " +
                                        std::to_string(v))
          << "</title></rect>\n"
          << "<text x=\"" << kLabelWidth + len + 4 << "\" y=\"" << by + kBarHeight - 3
          << "\" font-size=\"11\">" << v << "</text>\n";
    }
    svg << "</g>\n";
    y += rowHeight;
  }
  int x = 0;
  for (const ChartSeries &s : chart.series) {
    svg << "<rect x=\"" << x << "\" y=\"" << y + 6 << "\" width=\"12\" height=\"12\" fill=\""
        << s.colour << "\"/><text x=\"" << x + 16 << "\" y=\"" << y + 16
        << "\" font-size=\"12\">" << escapeHtml(s.name) << "</text>\n";
    x += 40 + static_cast<int>(s.name.size()) * 7;
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace kconv
