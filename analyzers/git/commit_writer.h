// Writes new trees, commits and one branch into a repository without going
// through its index or work tree: blobs and trees are built in the object
// database from a base tree plus edits, so the user's checkout is never
// involved (libgit2's git_tree_create_updated).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "git/repository.h"

namespace kconv::git {

// Tree-relative path -> new content; nullopt deletes the file.
using FileEdits = std::map<std::string, std::optional<std::string>>;

// The id of `baseTree` with `edits` applied. An edited file keeps its mode
// (executable stays executable); a new file is a regular blob.
std::string writeTree(const Repository &repo, const std::string &baseTree,
                      const FileEdits &edits);

std::string writeCommit(const Repository &repo, const std::string &parent,
                        const std::string &tree, const Signature &author,
                        const Signature &committer, const std::string &message);

// Throws GitError unless `name` is a branch name git itself would create
// (`git check-ref-format --branch`): a valid ref under refs/heads/, not
// "HEAD" (refs/heads/HEAD makes every `git rev-parse HEAD` ambiguous), not
// starting with '-' (no git command could name it as an argument).
void checkBranchName(const std::string &name);

// Points refs/heads/`name` at `commit` (checkBranchName first). Refuses the branch HEAD is on (that
// would change the user's checkout under them) and an existing branch
// unless `force`. Throws GitError.
void setBranch(const Repository &repo, const std::string &name,
               const std::string &commit, bool force);

}  // namespace kconv::git
