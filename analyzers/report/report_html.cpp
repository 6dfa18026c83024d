// One self-contained HTML page: the summary tables, the progress charts
// (inline SVG), one sortable worklist of every site, and each subsystem's
// people and lists. Inline CSS and script only; the icon is a data: URL so
// a browser does not even ask the disk for favicon.ico.
#include <cstdio>
#include <sstream>

#include "report/html_escape.h"
#include "report/html_table.h"
#include "report/conversion_report.h"
#include "report/report_formats.h"
#include "report/text_layout.h"

namespace kconv {

namespace {

using T = HtmlTable;

std::string esc(const std::string &s) { return escapeHtml(s); }

// Sorts "mm/gup.c:969" by file, then by line as a number.
std::string locationKey(const Location &l) {
  char line[16];
  std::snprintf(line, sizeof line, "%08u", l.line);
  return esc(l.file) + ":" + line;
}

HtmlCell siteCell(const WorkItem &w) {
  return {"<code>" + esc(w.location.file) + ":" + std::to_string(w.location.line) + "</code>",
          locationKey(w.location)};
}

HtmlCell verifiedCell(bool verified) {
  return verified ? T::text("yes") : HtmlCell{"<span class=\"unverified\">no</span>", "no"};
}

std::string countsTable(const std::string &id, const std::string &what,
                        const std::vector<std::pair<std::string, Counts>> &rows) {
  HtmlTable t(id, {what, "total", "verified", "unverified"}, {false, true, true, true});
  for (const auto &[name, c] : rows)
    t.add({T::text(name), T::number(c.total), T::number(c.verified), T::number(c.unverified)});
  return t.render();
}

std::string ruleCounts(const std::string &id, const std::vector<RuleSummary> &rules) {
  HtmlTable t(id, {"rule", "category", "total", "verified", "unverified"},
              {false, false, true, true, true});
  for (const RuleSummary &x : rules)
    t.add({T::code(x.rule), T::text(x.category), T::number(x.counts.total),
           T::number(x.counts.verified), T::number(x.counts.unverified)});
  return t.render();
}

std::string summaryText(const Report &r) {
  const ConversionReport &c = r.conversion;
  const FindingsSource &s = c.source;
  std::ostringstream out;
  out << "<h1>kconv conversion report: Linux " << esc(describeTree(s)) << "</h1>\n"
      << "<p>" << counted(c.counts.total, "site") << " (" << grouped(c.counts.verified)
      << " verified by Clang, " << grouped(c.counts.unverified) << " unverified) in "
      << counted(c.groups.size(), "subsystem") << ". Findings: <code>" << esc(s.path)
      << "</code> (kconv " << esc(s.version) << ", " << grouped(s.parsed) << " of "
      << grouped(s.translationUnits) << " translation units parsed, " << grouped(s.failed)
      << " failed). Subsystems, maintainers and lists: <code>" << esc(c.maintainersPath)
      << "</code>, matched as <code>scripts/get_maintainer.pl</code> does.</p>\n";
  if (!r.problems.empty()) {
    out << "<h2 id=\"problems\">Input problems</h2>\n<ul class=\"problems\">\n";
    for (const InputProblem &p : r.problems)
      out << "<li><code>" << esc(p.where) << "</code>: " << esc(p.message) << "</li>\n";
    out << "</ul>\n";
  }
  std::vector<std::pair<std::string, Counts>> cats(c.categories.begin(), c.categories.end());
  out << "<h2>Sites per category</h2>\n" << countsTable("categories", "category", cats);
  for (const auto &[category, why] : c.complete)
    out << "<p class=\"complete\"><code>" << esc(category) << "</code>: " << esc(completeText(why))
        << ".</p>\n";

  std::vector<std::string> header = {"subsystem", "total", "verified", "unverified"};
  std::vector<bool> numeric = {false, true, true, true};
  for (const auto &[name, counts] : c.categories) {
    header.push_back(name);
    numeric.push_back(true);
  }
  HtmlTable subsystems("subsystems", header, numeric);
  for (const SubsystemGroup &g : c.groups) {
    std::vector<HtmlCell> row = {T::text(g.name), T::number(g.counts.total),
                                 T::number(g.counts.verified), T::number(g.counts.unverified)};
    for (const auto &[name, counts] : c.categories) {
      auto it = g.categories.find(name);
      row.push_back(T::number(it == g.categories.end() ? 0 : it->second.total));
    }
    subsystems.add(std::move(row));
  }
  out << "<h2>Sites per subsystem</h2>\n" << renderSvgChart(conversionChart(c))
      << subsystems.render();
  return out.str();
}

std::string deltaTable(const std::string &id, const std::string &what,
                       const std::vector<ProgressRow> &rows) {
  HtmlTable t(id, {what, "before", "after", "removed", "added", "remaining"},
              {false, true, true, true, true, true});
  for (const ProgressRow &r : rows)
    t.add({T::text(r.key), T::number(r.delta.before), T::number(r.delta.after),
           T::number(r.delta.removed), T::number(r.delta.added), T::number(r.delta.remaining)});
  return t.render();
}

std::string siteTable(const std::string &id, const std::vector<ChangedSite> &sites) {
  HtmlTable t(id, {"site", "function", "rule", "subsystem"}, {});
  for (const ChangedSite &s : sites)
    t.add({siteCell(s.item), T::code(s.item.function), T::code(s.item.rule), T::text(s.subsystem)});
  return t.render();
}

std::string progress(const ProgressReport &p, size_t index) {
  auto [before, after] = sideNames(p);
  std::string id = "progress" + std::to_string(index + 1);
  const Delta &d = p.total;
  std::ostringstream out;
  out << "<h2 id=\"" << id << "\">Progress: " << esc(before) << " &rarr; " << esc(after)
      << "</h2>\n<p>Before: <code>" << esc(p.before.path) << "</code>, Linux "
      << esc(describeTree(p.before)) << ". After: <code>" << esc(p.after.path)
      << "</code>, Linux " << esc(describeTree(p.after)) << ". " << counted(d.before, "site")
      << " before, " << grouped(d.after) << " after: " << grouped(d.removed)
      << " removed, " << grouped(d.added) << " added, " << grouped(d.remaining)
      << " remaining (same fingerprint, or same rule, file and function). Both sides are "
         "grouped by the newer tree's MAINTAINERS.</p>\n";
  for (const Chart &c : progressCharts(p)) out << renderSvgChart(c);
  std::vector<ProgressRow> cats = p.categories;
  cats.push_back({"all categories", "", d});
  out << "<h3>Per category</h3>\n" << deltaTable(id + "-categories", "category", cats)
      << "<h3>Per subsystem</h3>\n" << deltaTable(id + "-subsystems", "subsystem", p.subsystems)
      << "<h3>Per rule</h3>\n" << deltaTable(id + "-rules", "rule", p.rules)
      << "<details><summary>" << counted(p.added.size(), "site") << " added since "
      << esc(before) << "</summary>\n" << siteTable(id + "-added", p.added) << "</details>\n"
      << "<details><summary>" << counted(p.removed.size(), "site") << " removed since "
      << esc(before) << "</summary>\n" << siteTable(id + "-removed", p.removed)
      << "</details>\n";
  return out.str();
}

std::string worklist(const ConversionReport &c) {
  HtmlTable t("worklist",
              {"subsystem", "site", "function", "rule", "classification", "verified",
               "proposed replacement"},
              {});
  for (const SubsystemGroup &g : c.groups)
    for (const WorkItem &w : g.worklist)
      t.add({T::text(g.name), siteCell(w), T::code(w.function), T::code(w.rule),
             T::text(w.classification), verifiedCell(w.verified), T::text(w.replacement)});
  return "<h2>Worklist</h2>\n<p>Every site; click a column to sort.</p>\n" + t.render();
}

std::string peopleList(const char *label, const std::vector<std::string> &values) {
  if (values.empty()) return "";
  std::string out = std::string("<dt>") + label + "</dt>";
  for (const std::string &v : values) out += "<dd>" + esc(v) + "</dd>";
  return out + "\n";
}

// Per subsystem: who to Cc, and its sites per rule.
std::string subsystemDetails(const ConversionReport &c) {
  std::ostringstream out;
  out << "<h2>Subsystems: who to Cc, sites per rule</h2>\n";
  for (size_t i = 0; i < c.groups.size(); ++i) {
    const SubsystemGroup &g = c.groups[i];
    out << "<details><summary>" << esc(g.name) << " (" << counted(g.counts.total, "site")
        << ")</summary>\n<dl class=\"people\">\n"
        << peopleList("Maintainers", g.maintainers) << peopleList("Reviewers", g.reviewers)
        << peopleList("Lists", g.lists) << peopleList("Status", g.status)
        << peopleList("Also covered by", g.broader);
    if (g.line == 0) out << "<dt>No MAINTAINERS section covers these files.</dt>\n";
    else out << "<dt>MAINTAINERS line</dt><dd>" << g.line << "</dd>\n";
    out << "</dl>\n" << ruleCounts("subsystem" + std::to_string(i + 1) + "-rules", g.rules)
        << "</details>\n";
  }
  return out.str();
}

}  // namespace

std::string renderReportHtml(const Report &report) {
  const ConversionReport &c = report.conversion;
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<link rel=\"icon\" href=\"data:,\">\n"
      << "<title>kconv conversion report: Linux " << esc(describeTree(c.source))
      << "</title>\n<style>" << reportCss() << "</style>\n</head>\n<body>\n"
      << summaryText(report);
  for (size_t i = 0; i < report.progress.size(); ++i) out << progress(report.progress[i], i);
  out << "<h2>Sites per rule</h2>\n" << ruleCounts("rules", c.rules) << worklist(c)
      << subsystemDetails(c) << "<script>" << sortScript() << "</script>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace kconv
