// The series as mail: `git format-patch` output (the git command line, as a
// maintainer would run it; it only reads the repository), the cover letter
// beside it, and the kernel's own scripts/checkpatch.pl run on each patch.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kconv::refactor {

// Writes base..tip as numbered patches into `outDir` (emptied first).
// Returns their paths in order; throws InputError when git fails.
std::vector<std::string> formatPatches(const std::string &repoDir, const std::string &base,
                                       const std::string &tip, const std::string &outDir);

struct CheckpatchResult {
  std::string patch;  // file name
  int errors = -1, warnings = -1, checks = 0;  // -1: checkpatch did not report
  std::vector<std::string> messages;  // "ERROR: ...", "WARNING: ..." lines
};

// Runs `treeRoot`/scripts/checkpatch.pl on one patch, from the tree's top.
// `ignore`: checkpatch message types not to report (--ignore), e.g.
// MISSING_SIGN_OFF when the user signs off later.
CheckpatchResult runCheckpatch(const std::string &treeRoot, const std::string &patchFile,
                               const std::vector<std::string> &ignore = {});

nlohmann::json toJson(const CheckpatchResult &r);

}  // namespace kconv::refactor
