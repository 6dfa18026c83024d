#include "report/conversion_report.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "report/worklist.h"

namespace kconv {

namespace {

// Rule rows of a set of findings, by rule id.
class RuleTally {
 public:
  void add(const Finding &f) {
    RuleSummary &r = rules_[f.rule];
    r.rule = f.rule;
    r.category = f.category;
    r.counts.add(f);
  }
  std::vector<RuleSummary> rows() const {
    std::vector<RuleSummary> out;
    for (const auto &[id, r] : rules_) out.push_back(r);
    return out;
  }

 private:
  std::map<std::string, RuleSummary> rules_;
};

struct GroupBuilder {
  SubsystemGroup group;
  RuleTally rules;
  std::vector<std::string> broader;  // in first-seen order, no duplicates
};

void sortWorklist(std::vector<WorkItem> &items) {
  std::sort(items.begin(), items.end(), [](const WorkItem &a, const WorkItem &b) {
    return std::tie(a.rule, a.location) < std::tie(b.rule, b.location);
  });
}

}  // namespace

std::map<std::string, std::string> completeCategories(const ScanResult &scan) {
  std::map<std::string, std::string> out;
  auto api = scan.coverage.extra.find("api");
  if (api == scan.coverage.extra.end() || !api->is_object() || !api->contains("categories"))
    return out;
  for (const auto &[name, c] : (*api)["categories"].items())
    if (c.is_object() && c.value("state", "") == "complete") out[name] = c.value("why", "");
  return out;
}

ConversionReport buildConversionReport(const ScanResult &scan, const FindingsSource &source,
                                       SubsystemResolver &subsystems, const RulePack &rules) {
  ConversionReport report;
  report.source = source;
  RuleTally allRules;
  std::map<std::string, GroupBuilder> groups;
  for (const Finding &f : scan.findings) {
    const FileSubsystem &s = subsystems.of(f.location.file);
    auto [it, fresh] = groups.try_emplace(s.name());
    GroupBuilder &g = it->second;
    if (fresh) g.group = subsystems.emptyGroup(s);
    for (const MaintainersSection *b : s.broader)
      if (std::find(g.broader.begin(), g.broader.end(), b->title) == g.broader.end())
        g.broader.push_back(b->title);
    g.group.counts.add(f);
    g.group.categories[f.category].add(f);
    g.group.worklist.push_back(workItemOf(f, rules));
    g.rules.add(f);
    report.counts.add(f);
    report.categories[f.category].add(f);
    allRules.add(f);
  }
  report.complete = completeCategories(scan);
  report.rules = allRules.rows();
  for (auto &[name, g] : groups) {
    g.group.rules = g.rules.rows();
    g.group.broader = g.broader;
    sortWorklist(g.group.worklist);
    report.groups.push_back(std::move(g.group));
  }
  std::stable_sort(report.groups.begin(), report.groups.end(),
                   [](const SubsystemGroup &a, const SubsystemGroup &b) {
                     return a.counts.total > b.counts.total;
                   });
  return report;
}

}  // namespace kconv
