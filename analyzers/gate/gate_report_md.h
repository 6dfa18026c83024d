// The gate report as Markdown for a reply on the list, in the 0-day bot's
// manner: what was tested (base, commits, configuration, compiler), how to
// reproduce it, then per failing commit the reasons, the new findings
// marked ">>" and the failing tests. Lines stay under 80 columns except
// where a finding or a command is longer; tables go in code blocks so the
// mail reads the same as text.
#pragma once

#include <string>

#include "gate/gate_report.h"

namespace kconv {

std::string gateMarkdown(const GateReport &report);

}  // namespace kconv
