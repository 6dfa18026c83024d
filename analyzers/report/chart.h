// Bar charts of report figures: grouped horizontal bars, one group per row
// (a category, a subsystem), one bar per series (before, after). The SVG
// form goes inline in the HTML page (no script, no external asset); the
// text form goes in Markdown mail, inside a code block.
#pragma once

#include <string>
#include <vector>

namespace kconv {

struct ChartSeries {
  std::string name;  // "v6.1", "v6.12"
  std::string colour;  // CSS colour, SVG only
};

struct ChartRow {
  std::string label;
  std::vector<unsigned> values;  // one per series
};

struct Chart {
  std::string title;
  std::vector<ChartSeries> series;
  std::vector<ChartRow> rows;
};

// An <svg> element, sized to its content; labels are escaped.
std::string renderSvgChart(const Chart &chart);

// Bars of '#' scaled to fit 80 columns, value at the end of each bar.
std::string renderTextChart(const Chart &chart);

}  // namespace kconv
