// The outcome of a whole gate run: the series, the configuration it was
// judged under, each commit's result and verdict, and the first bad
// commit. Written as JSON (kconv-gate.json, this file), Markdown for a
// mail (gate_report_md.h), JUnit XML for CI (gate_report_junit.h) and the
// terminal table (gate_table.h). No timings or dates in the data: the same
// series and configuration give byte-identical reports.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/gate_result.h"
#include "gate/gate_verdict.h"

namespace kconv {

struct GateReport {
  std::string range;  // as given: "BASE..HEAD"
  std::string base, baseSubject;
  std::string tree;  // the user's tree
  std::string kernelVersion;
  std::string scanConfig;  // Kconfig fragment of the findings analysis
  std::vector<std::string> findingsPaths;  // --paths (empty: every TU)
  std::string testConfig;  // Kconfig fragment of the gate kernel
  std::string compiler;  // first line of `clang --version`
  std::string reproduce;  // the command line that gives this report
  bool build = true, boot = true;
  std::string hostArch = "x86_64";  // the checkout's own build and boot
  std::vector<std::string> crossArches;  // built besides hostArch (gate --arch)
  // --arch architectures the base does not build for (the toolchain), with
  // the first error: named, not gated.
  std::map<std::string, std::string> unbuiltArches;
  GatePolicy policy;
  std::set<std::string> converted;
  size_t seriesLength = 0;  // commits in the range; more than `commits` if interrupted
  bool interrupted = false;
  std::vector<CommitResult> commits;  // oldest first
  // (id, subject) of the commits an interrupted run did not reach.
  std::vector<std::pair<std::string, std::string>> notRun;
  std::vector<Verdict> verdicts;  // one per commit

  std::optional<size_t> firstBad() const;
  bool passed() const;  // every commit of the series judged and passing
  // "pass", "fail" (a commit failed), "interrupted" (none failed so far).
  std::string verdict() const;
};

// Fills `converted` and `verdicts` from the results and the policy.
void judgeSeries(GateReport &report);

nlohmann::json toJson(const GateReport &report);

// "abcdef123456 (\"subject\")", as kernel commit references are written.
std::string commitReference(const std::string &id, const std::string &subject);

}  // namespace kconv
