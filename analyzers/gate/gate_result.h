// What kconv gate found for one commit, before any policy judges it: the
// findings delta, the build, the QEMU tests and checkpatch. This is what
// the gate cache keeps (gate_cache.h); the verdict is computed afresh from
// it on every run (gate_verdict.h), because it also depends on the series
// (which categories it converts) and on the policy flags.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/findings_delta.h"

namespace kconv {

enum class StepState { Skipped, Passed, Failed };
std::string toString(StepState s);  // "skipped" | "passed" | "failed"

struct BuildStep {
  StepState state = StepState::Skipped;
  std::string error;  // the first error line of the log, when it failed
  std::string log;  // file name of the kept log in the report dir
};

struct TestsStep {
  StepState state = StepState::Skipped;
  std::string summary;  // test_report.h summaryLine
  std::vector<std::string> failedTests;  // "kunit.kconv_refcount.x: why"
  std::vector<std::string> splats;  // "BUG: Bad page state (in fsdax)"
  bool timedOut = false;
  // What the commit's tree said, as kconv test read it: the free-page
  // convention and the ZONE_DEVICE API the suite was compiled against (a
  // series that moves either shows where).
  std::string convention;  // FreePageConvention::summary()
  std::string api;  // ZoneDeviceApi::summary()
};

struct CheckpatchStep {
  StepState state = StepState::Skipped;
  int errors = 0, warnings = 0;
  std::vector<std::string> messages;  // "ERROR:TYPE: text"
};

struct CommitResult {
  std::string commit, subject, tree, parent;
  // A series read from a mailbox: the patch's Message-ID, and what git
  // apply said when the patch did not apply (then nothing else ran and
  // `commit` is empty).
  std::string messageId, applyError;
  FindingsDelta findings;
  // gate --arch: the same delta in each other architecture's scan
  // configuration (its compile database over the same checkout).
  std::map<std::string, FindingsDelta> archFindings;
  BuildStep build;
  std::map<std::string, BuildStep> archBuilds;  // gate --arch: the other architectures
  TestsStep tests;
  // gate --arch with tests: the QEMU tests of the other architectures
  // kconv test boots (arm64), after their build passed.
  std::map<std::string, TestsStep> archTests;
  CheckpatchStep checkpatch;
  // Not part of the data (the report is deterministic): seconds per step,
  // and whether this run took the result from the cache.
  struct {
    double analysis = 0, build = 0, tests = 0, checkpatch = 0, total = 0;
  } seconds;
  bool cached = false;
};

nlohmann::json toJson(const CommitResult &r);  // without seconds/cached

// The findings another architecture added that the host's delta does not
// have (by fingerprint), in architecture order: what the table and the
// verdict add to the host's, each site once.
std::vector<std::pair<std::string, Finding>> archOnlyAdded(const CommitResult &r);
CommitResult commitResultFromJson(const nlohmann::json &j);

}  // namespace kconv
