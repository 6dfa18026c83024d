#include "report/report_formats.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "core/text_escape.h"

namespace kconv {

namespace {

// As formats.cpp: Markdown and HTML carry no raw control bytes from inputs.
ReportFormatter escaped(ReportFormatter render) {
  return [render](const Report &r) { return escapeControls(render(r)); };
}

}  // namespace

const std::map<std::string, ReportFormatter> &reportFormatters() {
  static const std::map<std::string, ReportFormatter> all = {
      {"md", escaped(renderReportMarkdown)},
      {"html", escaped(renderReportHtml)},
      {"json", renderReportJson},
  };
  return all;
}

std::string describeTree(const FindingsSource &s) {
  std::string out = s.tree.kernel.empty() ? "unknown kernel" : s.tree.kernel;
  std::string extra = s.tree.arch;
  if (!s.tree.config.empty()) extra += (extra.empty() ? "" : ", ") + s.tree.config;
  return extra.empty() ? out : out + " (" + extra + ")";
}

std::pair<std::string, std::string> sideNames(const ProgressReport &p) {
  if (!p.before.tree.kernel.empty() && p.before.tree.kernel != p.after.tree.kernel)
    return {p.before.tree.kernel, p.after.tree.kernel};
  auto stem = [](const std::string &path) {
    return std::filesystem::path(path).stem().string();
  };
  std::string a = stem(p.before.path), b = stem(p.after.path);
  if (a == b) return {"before", "after"};
  return {a, b};
}

namespace {

constexpr size_t kTopSubsystems = 12;
// Distinguishable on screen and in grey print.
const char *const kPalette[] = {"#2563eb", "#d97706", "#059669", "#7c3aed", "#dc2626", "#6b7280"};

}  // namespace

Chart conversionChart(const ConversionReport &c) {
  Chart chart{"Subsystems with the most sites, per category", {}, {}};
  size_t i = 0;
  for (const auto &[name, counts] : c.categories)
    chart.series.push_back({name, kPalette[i++ % std::size(kPalette)]});
  for (size_t g = 0; g < c.groups.size() && g < kTopSubsystems; ++g) {
    ChartRow row{c.groups[g].name, {}};
    for (const auto &[name, counts] : c.categories) {
      auto it = c.groups[g].categories.find(name);
      row.values.push_back(it == c.groups[g].categories.end() ? 0 : it->second.total);
    }
    chart.rows.push_back(std::move(row));
  }
  return chart;
}

std::vector<Chart> progressCharts(const ProgressReport &p) {
  auto [before, after] = sideNames(p);
  std::vector<ChartSeries> series = {{before, "#9aa5b1"}, {after, "#2563eb"}};
  Chart categories{"Sites per category: " + before + " -> " + after, series, {}};
  for (const ProgressRow &r : p.categories)
    categories.rows.push_back({r.key, {r.delta.before, r.delta.after}});
  categories.rows.push_back({"all categories", {p.total.before, p.total.after}});
  Chart subsystems{"Subsystems with the most sites: " + before + " -> " + after, series, {}};
  for (size_t i = 0; i < p.subsystems.size() && i < kTopSubsystems; ++i)
    subsystems.rows.push_back(
        {p.subsystems[i].key, {p.subsystems[i].delta.before, p.subsystems[i].delta.after}});
  return {categories, subsystems};
}

}  // namespace kconv
