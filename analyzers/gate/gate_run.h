// kconv gate as plain steps in order, one commit at a time, oldest first:
// take the result from the cache, or move the one scratch checkout to the
// parent and then to the commit (only changed files are rewritten, so the
// kernel build in its one O= directory stays incremental), compare the
// findings of the TUs the commit can affect, build, boot and test, run
// checkpatch, store the result. After every commit the reports are
// rewritten, so whatever stops the run, what it finished is on disk.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gate/gate_report.h"
#include "git/mailbox.h"

namespace kconv {

struct GateOptions {
  std::string range;  // BASE..HEAD
  // Or a series as mail: a mailbox file ("-": stdin), applied on `base`
  // (empty: the mailbox's base-commit: line) outside the user's repository.
  std::string mbox, base;
  bool checkpatch = true;
  // --arch LIST (kernel/arches.h): architectures each commit is also built
  // for, besides the host's x86_64 build that boots; "" for none.
  std::string archSpec;
  std::string tree;  // a git work tree of a kernel
  std::string reportDir;  // empty: <cache>/gate/<tree hash>/report
  std::string rulesDir;  // empty: the data dir's rules/
  // Tree-relative: the findings delta analyses only TUs under these.
  std::vector<std::string> paths;
  unsigned jobs = 1;
  bool build = true, boot = true;
  // Analyse the readers of a confined header change for its own sites only
  // (scan/confined_headers.h); off: every reader whole, both sides.
  bool headerShortcut = true;
  unsigned qemuTimeoutSeconds = 1500;
  GatePolicy policy;
  std::string reproduce;  // the command line, for the Markdown report
  std::function<void(const std::string &)> status;  // transient progress
  // After each commit (fresh or cached), with the series' length.
  std::function<void(size_t index, size_t total, const CommitResult &)> commitDone;
};

struct GateRun {
  GateReport report;
  std::string reportDir;
  // A mailbox series: its messages, in series order (report.commits[i]
  // came from patches[i]), for the replies.
  git::Mailbox mailbox;
  std::vector<std::string> replies;  // the .eml files written, one per failing commit
};

// Throws InputError for usage and input problems (unknown revision, empty
// or non-linear range, not a kernel tree, a missing tool); commit failures
// are in the report. Stops early when InterruptGuard::requested().
GateRun runGate(const GateOptions &options);

}  // namespace kconv
