#include "report/progress_report.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "report/worklist.h"

namespace kconv {

namespace {

constexpr size_t kUnpaired = static_cast<size_t>(-1);

// pairs[i] = index in `after` of before[i]'s counterpart, or kUnpaired.
std::vector<size_t> pairFindings(const std::vector<Finding> &before,
                                 const std::vector<Finding> &after) {
  std::vector<size_t> pairs(before.size(), kUnpaired);
  std::vector<bool> taken(after.size(), false);
  std::multimap<std::string, size_t> byFingerprint;
  for (size_t i = 0; i < before.size(); ++i)
    if (!before[i].fingerprint.empty()) byFingerprint.emplace(before[i].fingerprint, i);
  for (size_t j = 0; j < after.size(); ++j) {
    auto range = byFingerprint.equal_range(after[j].fingerprint);
    for (auto it = range.first; it != range.second; ++it)
      if (pairs[it->second] == kUnpaired) {
        pairs[it->second] = j;
        taken[j] = true;
        break;
      }
  }
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::vector<size_t>> leftover;  // before indices, file order
  for (size_t i = 0; i < before.size(); ++i)
    if (pairs[i] == kUnpaired)
      leftover[{before[i].rule, before[i].location.file, before[i].function}].push_back(i);
  for (size_t j = 0; j < after.size(); ++j) {
    if (taken[j]) continue;
    auto it = leftover.find({after[j].rule, after[j].location.file, after[j].function});
    if (it == leftover.end() || it->second.empty()) continue;
    pairs[it->second.front()] = j;
    it->second.erase(it->second.begin());
    taken[j] = true;
  }
  return pairs;
}

struct Tally {
  std::map<std::string, Delta> categories, subsystems, rules;
  std::map<std::string, std::string> ruleCategory;
  Delta total;

  // Applies `field` (a Delta member) to every row the finding belongs to.
  void add(const Finding &f, const std::string &subsystem, unsigned Delta::*field) {
    ++(total.*field);
    ++(categories[f.category].*field);
    ++(subsystems[subsystem].*field);
    ++(rules[f.rule].*field);
    ruleCategory[f.rule] = f.category;
  }
};

std::vector<ProgressRow> rows(const std::map<std::string, Delta> &m,
                              const std::map<std::string, std::string> *category = nullptr) {
  std::vector<ProgressRow> out;
  for (const auto &[key, d] : m) out.push_back({key, category ? category->at(key) : "", d});
  return out;
}

void sortSites(std::vector<ChangedSite> &sites) {
  std::sort(sites.begin(), sites.end(), [](const ChangedSite &a, const ChangedSite &b) {
    return std::tie(a.item.location, a.item.rule) < std::tie(b.item.location, b.item.rule);
  });
}

}  // namespace

ProgressReport buildProgressReport(const ScanResult &before, const FindingsSource &beforeSource,
                                   const ScanResult &after, const FindingsSource &afterSource,
                                   SubsystemResolver &subsystems, const RulePack &rules) {
  ProgressReport report;
  report.before = beforeSource;
  report.after = afterSource;
  std::vector<size_t> pairs = pairFindings(before.findings, after.findings);
  std::vector<bool> remains(after.findings.size(), false);
  Tally t;
  for (size_t i = 0; i < before.findings.size(); ++i) {
    const Finding &f = before.findings[i];
    std::string subsystem = subsystems.of(f.location.file).name();
    t.add(f, subsystem, &Delta::before);
    if (pairs[i] != kUnpaired) {
      remains[pairs[i]] = true;
      continue;
    }
    t.add(f, subsystem, &Delta::removed);
    report.removed.push_back({workItemOf(f, rules), subsystem});
  }
  for (size_t j = 0; j < after.findings.size(); ++j) {
    const Finding &f = after.findings[j];
    std::string subsystem = subsystems.of(f.location.file).name();
    t.add(f, subsystem, &Delta::after);
    t.add(f, subsystem, remains[j] ? &Delta::remaining : &Delta::added);
    if (!remains[j]) report.added.push_back({workItemOf(f, rules), subsystem});
  }
  report.total = t.total;
  report.categories = rows(t.categories);
  report.subsystems = rows(t.subsystems);
  report.rules = rows(t.rules, &t.ruleCategory);
  std::stable_sort(report.subsystems.begin(), report.subsystems.end(),
                   [](const ProgressRow &a, const ProgressRow &b) {
                     return std::max(a.delta.before, a.delta.after) >
                            std::max(b.delta.before, b.delta.after);
                   });
  sortSites(report.removed);
  sortSites(report.added);
  return report;
}

}  // namespace kconv
