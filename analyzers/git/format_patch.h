// A series as mail: `git format-patch` output, through the git command line
// as a maintainer would run it (it only reads the repository), with no user
// setting (format.signature, signoff ...) changing the files.
#pragma once

#include <string>
#include <vector>

namespace kconv::git {

// Writes base..tip as numbered patches into `outDir` (emptied first).
// Returns their paths in order; throws InputError when git fails.
std::vector<std::string> formatPatches(const std::string &repoDir, const std::string &base,
                                       const std::string &tip, const std::string &outDir);

}  // namespace kconv::git
