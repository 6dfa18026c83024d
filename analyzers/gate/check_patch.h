// kconv check-patch: one patch on stdin, its new findings on stdout in
// checkpatch.pl's --terse --showfile shape, for b4's per-patch checks
// (`git config b4.prep-perpatch-check-cmd "kconv check-patch"`). b4 pipes
// each patch of the series to the command from the top of the tree, counts
// a line holding "ERROR:" as a failure and "WARNING:" or "CHECK:" as a
// warning, and takes empty output as a pass; checkpatch exits 1 whenever
// it printed something. kconv does the same, and prints nothing else.
#pragma once

#include <string>
#include <vector>

#include "gate/gate_result.h"
#include "git/repository.h"

namespace kconv {

struct PatchBase {
  std::string commit;  // where the patch is applied
  std::string why;  // "parent of <id>", "base-commit:", "HEAD"
};

// The patch's own parent when it came from this repository (the
// "From <id> Mon Sep 17 00:00:00 2001" line format-patch writes, which is
// what b4 prep --check pipes: HEAD already holds the patch), else its
// base-commit: line when that commit is here, else HEAD.
PatchBase patchBase(const git::Repository &repo, const std::string &patch);

// "mm/gup.c:2604: WARNING: kconv: devmap.pmd_devmap: ..." per new finding;
// "ERROR: kconv: ..." when the patch did not apply.
std::vector<std::string> checkPatchLines(const CommitResult &r);

}  // namespace kconv
