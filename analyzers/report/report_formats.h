// Renders a Report (report_model.h) in one format. Each format is one file
// (report_markdown.cpp, report_html.cpp, report_json.cpp) and one line in
// report_formats.cpp. Output is deterministic: no timestamps, every list
// sorted, so two runs on the same input give the same bytes.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "report/chart.h"
#include "report/report_model.h"

namespace kconv {

using ReportFormatter = std::function<std::string(const Report &)>;

// format name ("md", "html", "json") -> renderer.
const std::map<std::string, ReportFormatter> &reportFormatters();

// Mail-ready Markdown: <= 80 columns, tables and lists in code blocks.
std::string renderReportMarkdown(const Report &report);
// One self-contained page: inline CSS, inline script for sortable tables,
// inline SVG charts; nothing loaded from anywhere.
std::string renderReportHtml(const Report &report);
std::string renderReportJson(const Report &report);

// Shared wording.
// "6.12.57 (x86_64, zone-device)"
std::string describeTree(const FindingsSource &s);
// Names for the two sides of a progress report: kernel versions when they
// differ, else the findings file names (a series' base and commit).
std::pair<std::string, std::string> sideNames(const ProgressReport &p);
// The conversion report's chart: the subsystems with the most sites, one
// bar per category.
Chart conversionChart(const ConversionReport &c);
// The charts of a progress report: per category, and the subsystems with
// the most sites before or after.
std::vector<Chart> progressCharts(const ProgressReport &p);

}  // namespace kconv
