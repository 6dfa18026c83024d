// Which files differ between two trees: what a commit touches.
#pragma once

#include <string>
#include <vector>

#include "git/repository.h"

namespace kconv::git {

struct FileChange {
  enum Kind { Added, Modified, Deleted } kind;
  std::string path;  // tree-relative
};

// Sorted by path; renames are reported as a deletion and an addition.
std::vector<FileChange> changedFiles(const Repository &repo, const std::string &oldTree,
                                     const std::string &newTree);

// `git diff --stat` of two trees, lines at most `width` columns.
std::string diffStat(const Repository &repo, const std::string &oldTree,
                     const std::string &newTree, unsigned width = 72);

}  // namespace kconv::git
