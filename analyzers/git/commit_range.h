// The commits of a patch series BASE..HEAD, oldest first, as a maintainer
// applies them. Only a linear series is gated: a merge commit, or a range
// whose first commit does not sit on BASE, has no single parent to compare
// each commit with, so it is refused with one line saying which commit.
#pragma once

#include <string>
#include <vector>

#include "git/repository.h"

namespace kconv::git {

struct CommitRange {
  CommitInfo base;  // BASE, resolved
  std::vector<CommitInfo> commits;  // oldest first; each one's parent is the one before
};

// `spec` is "BASE..HEAD" (any revspecs git accepts on either side). Throws
// GitError on an unknown revision, an empty range, a merge commit, or a
// range that does not start at BASE (BASE not an ancestor of HEAD).
CommitRange walkRange(const Repository &repo, const std::string &spec);

}  // namespace kconv::git
