// The conversion report: one findings set grouped by subsystem, with counts
// per rule and a worklist per subsystem. Every finding lands in exactly one
// group (files no MAINTAINERS entry covers form their own group).
#pragma once

#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "report/report_model.h"
#include "report/subsystems.h"

namespace kconv {

// The categories a scan found complete because the tree no longer has their
// API (coverage.api.categories.*.state "complete"): category -> why.
std::map<std::string, std::string> completeCategories(const ScanResult &scan);

// The words every format uses for such a category.
inline std::string completeText(const std::string &why) {
  return "complete: 0 sites, API absent (" + why + ")";
}

ConversionReport buildConversionReport(const ScanResult &scan, const FindingsSource &source,
                                       SubsystemResolver &subsystems, const RulePack &rules);

}  // namespace kconv
