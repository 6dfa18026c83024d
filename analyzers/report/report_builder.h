// Builds the whole Report from already validated inputs: the conversion
// report of the last findings set and, with more than one set, the progress
// from the first to each later one (two releases, or a series' base and
// each of its commits). Input problems that do not stop the report are
// collected in Report::problems, so none goes unmentioned.
#pragma once

#include <string>
#include <vector>

#include "core/rule_pack.h"
#include "report/findings_input.h"
#include "kernel/maintainers.h"
#include "report/report_model.h"

namespace kconv {

struct ReportInputs {
  std::vector<LoadedFindings> findings;  // oldest first; at least one
  Maintainers maintainers;  // of the newest tree
  std::string treeRoot;  // where MAINTAINERS' directory patterns are tested
  RulePack rules;  // for proposed replacements
};

Report buildReport(const ReportInputs &inputs);

}  // namespace kconv
