// KTAP / kselftest TAP results as a tree of tests, as kunit.py's
// kunit_parser does: "ok N name", "not ok N name", "# SKIP" directives,
// subtests by indentation, "1..N" plans. A plan that promises more results
// than arrived means the run stopped (crash, timeout): the missing tests are
// reported as crashed rather than silently dropped.
#pragma once

#include <string>
#include <vector>

namespace kconv {

enum class TestStatus { Passed, Failed, Skipped, Crashed };

const char *statusName(TestStatus status);  // "passed", "failed", ...

struct TestResult {
  std::string name;
  TestStatus status = TestStatus::Passed;
  std::string directive;  // "SKIP reason" / "TODO ..." after '#', if any
  std::vector<std::string> log;  // diagnostic lines ("# ...") before the result
  std::vector<TestResult> subtests;
};

struct TapDocument {
  std::vector<TestResult> tests;  // the top-level results
  std::vector<std::string> errors;  // what did not parse or add up
};

TapDocument parseTap(const std::vector<std::string> &lines);

// Console text -> the lines of every KTAP/TAP document in it, with the
// printk "[    1.234567] " prefix removed. Lines before the first
// "KTAP version"/"TAP version" header are dropped, like kunit.py does.
std::vector<std::string> extractTapLines(const std::string &text);

// Leaf tests with names joined by '.', e.g. "suite.case".
struct FlatResult {
  std::string name;
  TestStatus status;
  std::string directive;
  std::vector<std::string> log;
};
std::vector<FlatResult> flatten(const TapDocument &doc);

}  // namespace kconv
