// The gate report as JUnit XML, the format CI systems (GitLab, Jenkins,
// GitHub test reporters) show per test: one <testsuite> for the series,
// one <testcase> per commit (its class name the range, its name the
// commit), a <failure> carrying the verdict's reasons, <skipped/> for the
// commits an interrupted run did not reach. No timestamps or durations, so
// the file is deterministic.
#pragma once

#include <string>

#include "gate/gate_report.h"

namespace kconv {

std::string gateJunit(const GateReport &report);

// XML text and attribute escaping (& < > " ').
std::string xmlEscape(const std::string &text);

}  // namespace kconv
