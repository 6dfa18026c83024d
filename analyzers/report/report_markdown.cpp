// Markdown meant to be pasted into (or attached to) a mail to the
// maintainers: headings are setext (they may wrap), everything tabular is an
// indented code block, and no line is wider than 80 columns.
#include <sstream>

#include "report/conversion_report.h"
#include "report/report_formats.h"
#include "report/text_layout.h"

namespace kconv {

namespace {

std::string n(unsigned v) { return grouped(v); }

// A setext heading: the title may wrap over several lines.
std::string heading(const std::string &title, char underline) {
  std::string text = wrapText(title, "", "");
  size_t longest = 0, start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    longest = std::max(longest, end - start);
  return text + std::string(longest, underline) + "\n\n";
}

std::string paragraph(const std::string &text) { return wrapText(text, "", "") + "\n"; }

std::string countsText(const Counts &c) {
  return counted(c.total, "site") + " (" + n(c.verified) + " verified by Clang, " +
         n(c.unverified) + " unverified)";
}

std::string categoryTable(const std::map<std::string, Counts> &categories, const Counts &all) {
  TextTable t({"total", "verified", "unverified", "category"}, {true, true, true, false});
  for (const auto &[name, c] : categories)
    t.add({n(c.total), n(c.verified), n(c.unverified), name});
  t.add({n(all.total), n(all.verified), n(all.unverified), "all"});
  return t.render() + "\n";
}

std::string ruleTable(const std::vector<RuleSummary> &rules) {
  TextTable t({"total", "verified", "unverified", "rule"}, {true, true, true, false});
  for (const RuleSummary &r : rules)
    t.add({n(r.counts.total), n(r.counts.verified), n(r.counts.unverified), r.rule});
  return t.render() + "\n";
}

std::string siteText(const WorkItem &w) {
  std::string s = w.location.file + ":" + std::to_string(w.location.line);
  if (!w.function.empty()) s += " " + w.function + "()";
  if (!w.classification.empty()) s += " [" + w.classification + "]";
  if (!w.verified) s += " unverified";
  return s;
}

std::string summary(const Report &r) {
  const ConversionReport &c = r.conversion;
  const FindingsSource &s = c.source;
  std::ostringstream out;
  out << heading("kconv conversion report: Linux " + describeTree(s), '=');
  out << paragraph(countsText(c.counts) + " in " + counted(c.groups.size(), "subsystem") +
                   ". Findings: " + s.path + " (kconv " + s.version + ", " +
                   n(s.parsed) + " of " + n(s.translationUnits) +
                   " translation units parsed, " + n(s.failed) +
                   " failed). Subsystems, maintainers and lists: " + c.maintainersPath +
                   ", matched as scripts/get_maintainer.pl does.");
  if (!r.problems.empty()) {
    out << heading("Input problems", '-');
    for (const InputProblem &p : r.problems)
      out << wrapText(p.where + ": " + p.message, "    ", "        ");
    out << "\n";
  }
  out << heading("Sites per category", '-') << categoryTable(c.categories, c.counts);
  for (const auto &[category, why] : c.complete)
    out << paragraph(category + ": " + completeText(why) + ".") << "\n";
  out << heading("Sites per subsystem", '-');
  TextTable t({"total", "verified", "unverified", "subsystem"}, {true, true, true, false});
  for (const SubsystemGroup &g : c.groups)
    t.add({n(g.counts.total), n(g.counts.verified), n(g.counts.unverified), g.name});
  out << t.render() << "\n";
  return out.str();
}

std::string deltaTable(const std::vector<ProgressRow> &rows, const std::string &what,
                       const Delta *total) {
  TextTable t({"before", "after", "removed", "added", "remaining", what},
              {true, true, true, true, true, false});
  auto add = [&](const Delta &d, const std::string &key) {
    t.add({n(d.before), n(d.after), n(d.removed), n(d.added), n(d.remaining), key});
  };
  // Rule rows come under a line naming their category, without the
  // "category." prefix: five figures leave 34 columns, too few for
  // "pgmap-type.put_devmap_managed_folio_refs".
  std::string category;
  for (const ProgressRow &r : rows) {
    std::string prefix = r.category + ".";
    if (r.category.empty() || r.key.rfind(prefix, 0) != 0) {
      add(r.delta, r.key);
      continue;
    }
    if (r.category != category) t.add({"", "", "", "", "", r.category + ":"});
    category = r.category;
    add(r.delta, "  " + r.key.substr(prefix.size()));
  }
  if (total) add(*total, "all");
  return t.render() + "\n";
}

// Sites grouped by subsystem: "SUBSYSTEM (n)" then one indented line each.
std::string siteList(const std::vector<ChangedSite> &sites) {
  std::map<std::string, std::vector<const ChangedSite *>> bySubsystem;
  for (const ChangedSite &s : sites) bySubsystem[s.subsystem].push_back(&s);
  std::string out;
  for (const auto &[subsystem, list] : bySubsystem) {
    out += wrapText(subsystem + " (" + n(list.size()) + ")", "    ", "      ");
    for (const ChangedSite *s : list)
      out += wrapText(siteText(s->item) + " " + s->item.rule, "      ", "          ");
  }
  return out.empty() ? "    none\n\n" : out + "\n";
}

std::string progress(const ProgressReport &p) {
  auto [before, after] = sideNames(p);
  const Delta &d = p.total;
  std::ostringstream out;
  out << heading("Progress: " + before + " -> " + after, '=');
  out << paragraph("Before: " + p.before.path + ", Linux " + describeTree(p.before) + ". After: " +
                   p.after.path + ", Linux " + describeTree(p.after) + ". " +
                   counted(d.before, "site") + " before, " + n(d.after) + " after: " + n(d.removed) + " removed, " +
                   n(d.added) + " added, " + n(d.remaining) +
                   " remaining (same fingerprint, or same rule, file and function). "
                   "Both sides are grouped by the newer tree's MAINTAINERS.");
  out << heading("Progress per category", '-') << deltaTable(p.categories, "category", &d);
  for (const Chart &c : progressCharts(p)) out << renderTextChart(c) << "\n";
  out << heading("Progress per subsystem", '-') << deltaTable(p.subsystems, "subsystem", nullptr);
  out << heading("Progress per rule", '-') << deltaTable(p.rules, "rule", nullptr);
  out << heading("Sites added since " + before, '-') << siteList(p.added);
  out << heading("Sites removed since " + before, '-') << siteList(p.removed);
  return out.str();
}

std::string people(const SubsystemGroup &g) {
  std::string out;
  auto line = [&](const char *label, const std::vector<std::string> &values) {
    if (values.empty()) return;
    std::string first = std::string("    ") + label;
    first.resize(18, ' ');
    for (size_t i = 0; i < values.size(); ++i)
      out += wrapText(values[i], i == 0 ? first : std::string(18, ' '), std::string(20, ' '));
  };
  line("Maintainers:", g.maintainers);
  line("Reviewers:", g.reviewers);
  line("Lists:", g.lists);
  line("Status:", g.status);
  if (g.line == 0) out += "    No MAINTAINERS section covers these files.\n";
  std::string also;
  for (const std::string &b : g.broader) also += (also.empty() ? "" : "; ") + b;
  if (!also.empty()) out += wrapText(also, "    Also covered: ", std::string(18, ' '));
  return out + "\n";
}

// Per rule, the sites that share a proposed replacement under it.
std::string worklist(const SubsystemGroup &g) {
  std::string out;
  size_t i = 0;
  while (i < g.worklist.size()) {
    const std::string &rule = g.worklist[i].rule;
    size_t end = i;
    while (end < g.worklist.size() && g.worklist[end].rule == rule) ++end;
    out += "    " + rule + " (" + n(end - i) + ")\n";
    std::map<std::string, std::vector<const WorkItem *>> byReplacement;
    for (size_t k = i; k < end; ++k) byReplacement[g.worklist[k].replacement].push_back(&g.worklist[k]);
    for (const auto &[replacement, items] : byReplacement) {
      out += wrapText(replacement.empty() ? "(the rule pack proposes none)" : replacement,
                      "      proposed: ", std::string(16, ' '));
      for (const WorkItem *w : items) out += wrapText(siteText(*w), "        ", "            ");
    }
    i = end;
  }
  return out + "\n";
}

std::string subsystems(const ConversionReport &c) {
  std::ostringstream out;
  out << heading("Worklists per subsystem", '=');
  for (const SubsystemGroup &g : c.groups) {
    out << heading(g.name, '-');
    std::string cats;
    for (const auto &[name, counts] : g.categories)
      cats += (cats.empty() ? "" : ", ") + name + " " + n(counts.total);
    out << paragraph(countsText(g.counts) + ": " + cats + ".");
    out << people(g) << ruleTable(g.rules) << worklist(g);
  }
  return out.str();
}

}  // namespace

// Who and how much first, then how it moved, then the detail: a reader who
// stops early has read what matters.
std::string renderReportMarkdown(const Report &report) {
  std::string out = summary(report);
  for (const ProgressReport &p : report.progress) out += progress(p);
  out += heading("Sites per rule", '=') + ruleTable(report.conversion.rules);
  return out + subsystems(report.conversion);
}

}  // namespace kconv
