#include <algorithm>

#include "report/chart.h"
#include "report/text_layout.h"

namespace kconv {

// One line per bar: "label  series  ####### value", the label written on
// the row's first bar only.
std::string renderTextChart(const Chart &chart) {
  const std::string indent = "    ";
  size_t labelWidth = 0, seriesWidth = 0;
  unsigned max = 1;
  for (const ChartRow &r : chart.rows) {
    labelWidth = std::max(labelWidth, r.label.size());
    for (unsigned v : r.values) max = std::max(max, v);
  }
  for (const ChartSeries &s : chart.series) seriesWidth = std::max(seriesWidth, s.name.size());
  labelWidth = std::min<size_t>(labelWidth, 30);
  size_t valueWidth = grouped(max).size();
  size_t barRoom = kMailWidth - indent.size() - labelWidth - seriesWidth - valueWidth - 5;
  std::string out = indent + chart.title + "\n";
  for (const ChartRow &r : chart.rows) {
    std::string label = r.label.size() > labelWidth ? r.label.substr(0, labelWidth - 3) + "..."
                                                    : r.label;
    for (size_t s = 0; s < chart.series.size(); ++s) {
      unsigned v = s < r.values.size() ? r.values[s] : 0;
      size_t len = static_cast<size_t>(static_cast<double>(v) * barRoom / max + 0.5);
      if (v && !len) len = 1;  // a non-zero figure is never an empty bar
      std::string head = s == 0 ? label : "";
      std::string line = indent + head + std::string(labelWidth - head.size(), ' ') + "  " +
                         chart.series[s].name +
                         std::string(seriesWidth - chart.series[s].name.size(), ' ') + " " +
                         std::string(len, '#') + " " + grouped(v);
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace kconv
