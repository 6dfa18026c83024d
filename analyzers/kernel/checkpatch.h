// The kernel's own scripts/checkpatch.pl on one patch, as maintainers run
// it (--show-types, so a message type can be ignored), and its summary read
// back: what `kconv propose` reports per patch and `kconv gate` per commit.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kconv {

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

}  // namespace kconv
