// Turns a finding into a maintainer's to-do line: where, what kind of site,
// and the replacement the rule pack proposes. Everything comes from the
// finding's details and the rule pack, so a new pack needs no C++ here.
#pragma once

#include "core/finding.h"
#include "core/rule_pack.h"
#include "report/report_model.h"

namespace kconv {

// The site's classification: details.behaviour (pgmap-type, set by the
// pack's classify table), else details.access (page-mapping), else the
// idiom a devmap test is part of ("trans_huge_or_devmap"), else
// details.kind (use, definition, condition); empty when none is given.
std::string classificationOf(const Finding &f);

// For a test inside an idiom, the idiom's replacement from the pack's
// "idioms"; else details.replacement when the checker set one; else, for a
// classified behaviour, the flag test the pack's "behaviours" table names;
// else empty.
std::string replacementOf(const Finding &f, const RulePack &rules);

WorkItem workItemOf(const Finding &f, const RulePack &rules);

}  // namespace kconv
