// Runs one semantic patch from semantic-patches/ with Coccinelle's spatch on
// private copies of some files, restricted to given sites: KCONV_SITES
// ("path:line:col,...", 1-based columns as in kconv's findings) and
// KCONV_ROOT tell the .cocci's python filter which matches to keep. One
// spatch process serves all files. spatch never sees the user's tree.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/finding.h"

namespace kconv::refactor {

struct SpatchResult {
  bool ok = false;
  std::map<std::string, std::string> contents;  // path -> rewritten (all inputs)
  std::string error;  // why spatch failed, one line
};

// `files`: tree-relative path -> content; `sites`: the positions to rewrite
// (Location::file names the path). `workDir` holds the copies and the log.
SpatchResult runSpatch(const std::string &cocciFile,
                       const std::map<std::string, std::string> &files,
                       const std::vector<Location> &sites, const std::string &workDir);

}  // namespace kconv::refactor
