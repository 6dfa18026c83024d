// The outcome of `kconv test`: per-test results, splats, timings and the
// verdict, as the JSON written to the report directory and as the one-line
// summary printed at the end. The run passes only with no failed or
// crashed test, no splat and no error (missing results count as errors).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qemu/refcount_convention.h"
#include "qemu/zone_device_api.h"
#include "qemu/splat_scanner.h"
#include "qemu/harness_results.h"

namespace kconv {

struct KindSummary {
  unsigned run = 0, passed = 0, failed = 0, skipped = 0, crashed = 0;
};

struct ReportedSplat {
  Splat splat;
  std::string section;  // where the guest was: "boot", "kunit", "fsdax", ...
};

struct TestReport {
  std::string treePath, kernelVersion, arch = "x86_64";
  std::string configFragment;
  std::string buildDir;
  FreePageConvention convention;
  ZoneDeviceApi api;  // what the refcount suite was compiled against
  struct {
    double configure = 0, build = 0, guestPrograms = 0, guestBoot = -1, qemu = 0;
    bool configReused = false, incrementalBuild = false;
  } timings;
  bool qemuTimedOut = false;
  int qemuExitCode = 0;
  std::vector<TestOutcome> tests;
  std::vector<ReportedSplat> splats;
  std::vector<std::string> errors;
  std::string consoleLog = "console.log";  // file names inside the report dir
  std::string resultsLog = "guest-results.log";

  bool passed() const;
};

std::map<std::string, KindSummary> summarizeByKind(const std::vector<TestOutcome> &tests);

nlohmann::json reportJson(const TestReport &report);

// "FAIL: kunit 13/14 passed (1 failed), hmm-tests ..., 2 splats (warning in kunit)"
std::string summaryLine(const TestReport &report);

// The line of a failed test's log that says why: KUnit's expectation
// message, a "# <test>: reason" line, the harness's first line that is
// not a banner, else the last line.
std::string failureSummary(const std::string &name, const std::vector<std::string> &log);

// The failures worth a line each on stderr: failed tests, splats, errors.
std::vector<std::string> failureLines(const TestReport &report);

}  // namespace kconv
