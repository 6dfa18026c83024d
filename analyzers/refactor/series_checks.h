// The end every proposal shares: write the planned commits on the branch,
// show them as `git log --stat` would, then check them: each commit
// compiles (compile_check.h) and each patch passes the tree's checkpatch.pl
// (git/format_patch.h, kernel/checkpatch.h). Results go to the report and to JSON in the output
// directory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "refactor/compile_check.h"
#include "clang/includer_index.h"
#include "git/format_patch.h"
#include "kernel/checkpatch.h"
#include "refactor/series.h"
#include "refactor/workspace.h"

namespace kconv::refactor {

struct SeriesOutcome {
  WrittenSeries written;
  std::vector<std::string> subjects;
  std::string log;  // the `git log --stat` text shown
  std::vector<CommitCheck> compile;  // empty with --no-check
  std::vector<CheckpatchResult> checkpatch;
  std::vector<std::string> patchFiles;
  git::Signature author;
  bool checked = false;
  bool signedOff = false;  // checkpatch then also checked Signed-off-by

  unsigned failedUnits() const;
  unsigned newWarnings() const;
  unsigned checkpatchErrors() const;
};

// The includers of every header, built once per workspace (and cached on
// disk per compile database and base tree).
const IncluderIndex &includerIndex(Workspace &ws);

SeriesOutcome writeAndCheck(Workspace &ws, const std::vector<PlannedCommit> &commits);

// The scratch checkout of this workspace's repository.
std::string checkoutDir(const Workspace &ws);

}  // namespace kconv::refactor
