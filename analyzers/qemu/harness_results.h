// Per-test results of one guest run, gathered from the two channels: KUnit
// KTAP from the console between the guest's kunit markers, kselftest TAP
// from the results port's sections, and the guest's own set-up/tear-down
// steps. Anything missing (a section that never ended, a plan that promised
// more tests) becomes an error, so a crash cannot look like a pass.
#pragma once

#include <string>
#include <vector>

#include "qemu/guest_output.h"
#include "qemu/ktap_parser.h"

namespace kconv {

struct TestOutcome {
  std::string kind;  // "kunit", "hmm-tests", "fsdax", "guest"
  std::string name;
  TestStatus status = TestStatus::Passed;
  std::string directive;
  std::vector<std::string> log;
};

struct CollectedResults {
  std::vector<TestOutcome> tests;
  std::vector<std::string> errors;
};

// The kinds every run must produce results for, in report order.
const std::vector<std::string> &testKinds();

CollectedResults collectResults(const GuestOutput &guest, const std::string &console);

}  // namespace kconv
