// Progress between two findings sets (two releases, or a series' base and
// one of its commits): which sites were removed, which added, which remain,
// per category, subsystem and rule. Both sets are grouped by the newer
// tree's MAINTAINERS: the people who do the remaining work now.
//
// A site "remains" when the newer set has a finding with the same
// fingerprint (rule, file, function, normalised code: survives line shifts);
// failing that, one with the same rule, file and function (the line was
// edited but the use is still there), paired in file order.
#pragma once

#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "report/report_model.h"
#include "report/subsystems.h"

namespace kconv {

ProgressReport buildProgressReport(const ScanResult &before, const FindingsSource &beforeSource,
                                   const ScanResult &after, const FindingsSource &afterSource,
                                   SubsystemResolver &subsystems, const RulePack &rules);

}  // namespace kconv
