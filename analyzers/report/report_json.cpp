// The report as data, for scripts and dashboards: the same figures as the
// Markdown and HTML pages, keys in a fixed order (nlohmann sorts objects).
#include "report/report_formats.h"

namespace kconv {

namespace {

using nlohmann::json;

json toJson(const Counts &c) {
  return {{"total", c.total}, {"verified", c.verified}, {"unverified", c.unverified}};
}

json toJson(const std::map<std::string, Counts> &m) {
  json out = json::object();
  for (const auto &[k, c] : m) out[k] = toJson(c);
  return out;
}

json toJson(const FindingsSource &s) {
  return {{"findings", s.path},
          {"kconv_version", s.version},
          {"tree", {{"path", s.tree.path}, {"kernel", s.tree.kernel},
                    {"arch", s.tree.arch}, {"config", s.tree.config}}},
          {"coverage", {{"translation_units", s.translationUnits},
                        {"parsed", s.parsed}, {"failed", s.failed}}}};
}

json toJson(const std::vector<RuleSummary> &rules) {
  json out = json::array();
  for (const RuleSummary &r : rules)
    out.push_back({{"rule", r.rule}, {"category", r.category}, {"counts", toJson(r.counts)}});
  return out;
}

json toJson(const WorkItem &w) {
  return {{"file", w.location.file}, {"line", w.location.line},
          {"column", w.location.column}, {"function", w.function},
          {"rule", w.rule}, {"category", w.category},
          {"classification", w.classification}, {"replacement", w.replacement},
          {"verified", w.verified}};
}

json toJson(const SubsystemGroup &g) {
  json work = json::array();
  for (const WorkItem &w : g.worklist) work.push_back(toJson(w));
  return {{"name", g.name}, {"maintainers_line", g.line},
          {"maintainers", g.maintainers}, {"reviewers", g.reviewers},
          {"lists", g.lists}, {"status", g.status}, {"also_covered_by", g.broader},
          {"counts", toJson(g.counts)}, {"categories", toJson(g.categories)},
          {"rules", toJson(g.rules)}, {"worklist", work}};
}

json toJson(const Delta &d) {
  return {{"before", d.before}, {"after", d.after}, {"removed", d.removed},
          {"added", d.added}, {"remaining", d.remaining}};
}

json toJson(const std::vector<ProgressRow> &rows, const char *key) {
  json out = json::array();
  for (const ProgressRow &r : rows) {
    json row = toJson(r.delta);
    row[key] = r.key;
    if (!r.category.empty()) row["category"] = r.category;
    out.push_back(row);
  }
  return out;
}

json toJson(const std::vector<ChangedSite> &sites) {
  json out = json::array();
  for (const ChangedSite &s : sites) {
    json j = toJson(s.item);
    j["subsystem"] = s.subsystem;
    out.push_back(j);
  }
  return out;
}

json toJson(const ProgressReport &p) {
  return {{"before", toJson(p.before)}, {"after", toJson(p.after)},
          {"totals", toJson(p.total)},
          {"categories", toJson(p.categories, "category")},
          {"subsystems", toJson(p.subsystems, "subsystem")},
          {"rules", toJson(p.rules, "rule")},
          {"added", toJson(p.added)}, {"removed", toJson(p.removed)}};
}

}  // namespace

std::string renderReportJson(const Report &r) {
  const ConversionReport &c = r.conversion;
  json problems = json::array();
  for (const InputProblem &p : r.problems)
    problems.push_back({{"where", p.where}, {"message", p.message}});
  json groups = json::array();
  for (const SubsystemGroup &g : c.groups) groups.push_back(toJson(g));
  json progress = json::array();
  for (const ProgressReport &p : r.progress) progress.push_back(toJson(p));
  json out = {{"tool", "kconv"},
              {"version", KCONV_VERSION},
              {"report", "conversion"},
              {"input", toJson(c.source)},
              {"maintainers", c.maintainersPath},
              {"problems", problems},
              {"counts", toJson(c.counts)},
              {"categories", toJson(c.categories)},
              {"rules", toJson(c.rules)},
              {"subsystems", groups},
              {"progress", progress}};
  if (!c.complete.empty()) out["complete_categories"] = c.complete;
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace kconv
