// The conversion report: one findings set grouped by subsystem, with counts
// per rule and a worklist per subsystem. Every finding lands in exactly one
// group (files no MAINTAINERS entry covers form their own group).
#pragma once

#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "report/report_model.h"
#include "report/subsystems.h"

namespace kconv {

ConversionReport buildConversionReport(const ScanResult &scan, const FindingsSource &source,
                                       SubsystemResolver &subsystems, const RulePack &rules);

}  // namespace kconv
