// Runs one semantic patch from semantic-patches/ on one file's content with
// Coccinelle's spatch, restricted to the given sites (KCONV_SITES, read by
// the .cocci's python filter). The content is written to a private copy:
// spatch never sees the user's tree.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"

namespace kconv::refactor {

struct SpatchResult {
  bool ok = false;
  std::string content;  // the rewritten file (unchanged when nothing matched)
  std::string error;  // why spatch failed, one line
};

// `path` is tree-relative (spatch treats .h and .c differently); `workDir`
// holds the copy and spatch's log.
SpatchResult runSpatch(const std::string &cocciFile, const std::string &path,
                       const std::string &content, const std::vector<Location> &sites,
                       const std::string &workDir);

// How many times `identifier` occurs as a whole identifier in `text`.
unsigned countIdentifier(const std::string &text, const std::string &identifier);

}  // namespace kconv::refactor
