// The report's formats: Markdown fit for mail, a self-contained HTML page,
// JSON carrying the same figures, and the layout helpers under them.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "report/chart.h"
#include "report/findings_input.h"
#include "report/formats.h"
#include "kernel/maintainers.h"
#include "report/report_builder.h"
#include "report/report_formats.h"
#include "report/text_layout.h"

namespace kconv {
namespace {

const std::string kDir = KCONV_REPORT_FIXTURES;

Report fixtureReport() {
  ReportInputs in;
  in.findings.push_back(loadFindingsFile(kDir + "/old.json"));
  in.findings.push_back(loadFindingsFile(kDir + "/new.json"));
  in.maintainers = loadMaintainers(kDir + "/tree/MAINTAINERS");
  in.treeRoot = kDir + "/tree";
  return buildReport(in);
}

// A report whose names and texts are far wider than a mail line.
Report wideReport() {
  Report r = fixtureReport();
  SubsystemGroup &g = r.conversion.groups[0];
  g.name = "INTEL DRM I915 DRIVER (Meteor Lake, DG2 and older excluding Poulsbo, "
           "Moorestown and derivative)";
  g.worklist[0].replacement = std::string(200, 'x') + " and a very long proposal " +
                              std::string(50, 'y');
  g.worklist[0].location.file = "drivers/gpu/drm/amd/amdkfd/" + std::string(70, 'f') + ".c";
  r.progress[0].subsystems[0].key = g.name;
  return r;
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(Markdown, NoLineWiderThanAMail) {
  for (const Report &r : {fixtureReport(), wideReport()}) {
    std::string md = renderReportMarkdown(r);
    for (const std::string &l : lines(md)) EXPECT_LE(l.size(), 80u) << l;
    EXPECT_EQ(md.find('\t'), std::string::npos);
  }
}

TEST(Markdown, LongNamesWrapInsteadOfBeingCut) {
  std::string md = renderReportMarkdown(wideReport());
  // Setext heading: wrapped title, underlined to its longest line (79).
  EXPECT_NE(md.find("\nINTEL DRM I915 DRIVER (Meteor Lake, DG2 and older excluding Poulsbo, "
                    "Moorestown\nand derivative)\n" + std::string(79, '-') + "\n"),
            std::string::npos);
  EXPECT_NE(md.find(std::string(50, 'y')), std::string::npos);
}

TEST(Markdown, NoHtml) {
  std::string md = renderReportMarkdown(fixtureReport());
  // Angle brackets only around mail addresses (CommonMark autolinks).
  std::regex tag(R"(<(?![^<>@\s]+@[^<>\s]+>))");
  EXPECT_FALSE(std::regex_search(md, tag));
}

TEST(Markdown, HasEveryPart) {
  std::string md = renderReportMarkdown(fixtureReport());
  for (const char *part :
       {"Input problems", "MAINTAINERS:60: malformed line ignored", "Sites per category",
        "Sites per rule", "Sites per subsystem", "Progress: 6.11.0 -> 6.12.0",
        "Progress per category", "Sites per category: 6.11.0 -> 6.12.0", "Progress per rule",
        "Sites added since 6.11.0", "Sites removed since 6.11.0", "Worklists per subsystem",
        "    Maintainers:  Dan Williams <dan.j.williams@intel.com>",
        "      proposed: folio_mapping(folio)", "        mm/hmm.c:40 hmm_vma_walk() [read]",
        "mm/excluded/a.c:9 [write] unverified"})
    EXPECT_NE(md.find(part), std::string::npos) << part;
}

TEST(Html, SelfContainedWithSortableTablesAndCharts) {
  std::string html = renderReportHtml(fixtureReport());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char *part : {"<table class=\"sortable\" id=\"subsystems\">",
                           "<table class=\"sortable\" id=\"worklist\">",
                           "<table class=\"sortable\" id=\"progress1-subsystems\">",
                           "<svg xmlns=\"http://www.w3.org/2000/svg\"", "<script>", "</html>"})
    EXPECT_NE(html.find(part), std::string::npos) << part;
  // Nothing fetched: no src=, no external href, no CSS url() or @import.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  std::regex href(R"re(href="(?!data:))re");
  EXPECT_FALSE(std::regex_search(html, href));
  // Every https?:// is the SVG namespace, which is a name, not a fetch.
  std::regex url(R"(https?://(?!www\.w3\.org/2000/svg"))");
  EXPECT_FALSE(std::regex_search(html, url));
}

TEST(Html, EscapesWhatItQuotes) {
  Report r = fixtureReport();
  r.conversion.groups[0].name = "<script>alert(1)</script> & co";
  std::string html = renderReportHtml(r);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), std::string::npos);
}

TEST(Json, CarriesTheSameFigures) {
  Report r = fixtureReport();
  nlohmann::json j = nlohmann::json::parse(renderReportJson(r));
  EXPECT_EQ(j["counts"]["total"], 7);
  EXPECT_EQ(j["subsystems"].size(), r.conversion.groups.size());
  EXPECT_EQ(j["subsystems"][0]["worklist"].size(), 2u);
  EXPECT_EQ(j["progress"][0]["totals"]["removed"], 2);
  EXPECT_EQ(j["progress"][0]["added"].size(), 3u);
  EXPECT_EQ(j["problems"].size(), 8u);
  EXPECT_EQ(j["subsystems"][0]["worklist"][0]["replacement"], "folio_mapping(folio)");
}

TEST(Formats, OutputIsDeterministic) {
  for (const auto &[name, render] : reportFormatters())
    EXPECT_EQ(render(fixtureReport()), render(fixtureReport())) << name;
}

TEST(ScanFormats, MarkdownAndHtmlGroupByTheScannedTree) {
  LoadedFindings f = loadFindingsFile(kDir + "/new.json");
  f.scan.tree.path = kDir + "/tree";
  std::string md = formatters().at("md")(f.scan);
  EXPECT_NE(md.find("HMM - HETEROGENEOUS MEMORY MANAGEMENT\n---"), std::string::npos);
  EXPECT_NE(formatters().at("html")(f.scan).find("id=\"worklist\""), std::string::npos);
  f.scan.tree.path = kDir + "/no-such-tree";
  md = formatters().at("md")(f.scan);
  EXPECT_NE(md.find("(no MAINTAINERS entry)\n---"), std::string::npos);
  EXPECT_NE(md.find("MAINTAINERS: cannot read"), std::string::npos);
}

TEST(TextLayout, WrapsAndCutsWithinTheWidth) {
  std::string w = wrapText("alpha beta " + std::string(30, 'g') + " delta", "> ", "  ", 20);
  for (const std::string &l : lines(w)) EXPECT_LE(l.size(), 20u) << l;
  EXPECT_EQ(lines(w)[0], "> alpha beta");
  EXPECT_EQ(wrapText("", "x ", "  "), "x \n");
  EXPECT_EQ(grouped(1234567), "1,234,567");
  EXPECT_EQ(grouped(999), "999");
}

TEST(TextLayout, TableAlignsNumbersAndWrapsTheLastColumn) {
  TextTable t({"n", "name"}, {true, false});
  t.add({"7", "short"});
  t.add({"1,234", std::string(40, 'a') + " " + std::string(40, 'b')});
  std::vector<std::string> l = lines(t.render("    ", 60));
  ASSERT_EQ(l.size(), 5u);
  EXPECT_EQ(l[0], "        n  name");
  EXPECT_EQ(l[2], "        7  short");
  EXPECT_EQ(l[3], "    1,234  " + std::string(40, 'a'));
  EXPECT_EQ(l[4], std::string(13, ' ') + std::string(40, 'b'));
}

TEST(Charts, OneBarPerFigure) {
  Chart c{"Sites <per> category", {{"6.1", "#999"}, {"6.12", "#00f"}},
          {{"page-mapping", {120, 30}}, {"devmap", {10, 0}}}};
  std::string svg = renderSvgChart(c);
  size_t bars = 0;
  for (size_t p = 0; (p = svg.find("<rect", p)) != std::string::npos; ++p) ++bars;
  EXPECT_EQ(bars, 4u + 2u);  // four bars, two legend swatches
  EXPECT_NE(svg.find("Sites &lt;per&gt; category"), std::string::npos);
  EXPECT_NE(svg.find("width=\"380\""), std::string::npos);  // the largest figure fills the axis
  std::string text = renderTextChart(c);
  for (const std::string &l : lines(text)) EXPECT_LE(l.size(), 80u);
  EXPECT_NE(text.find("page-mapping  6.1  "), std::string::npos);
  EXPECT_NE(text.find("              6.12 ####"), std::string::npos);
}

}  // namespace
}  // namespace kconv
