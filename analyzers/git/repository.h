// A user's git repository, opened read-only in spirit: kconv reads objects,
// status and config, and writes only new objects and the one branch it is
// asked to create (commit_writer.h). HEAD, the index and the work tree are
// never touched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "git/git_handles.h"

namespace kconv::git {

struct Signature {
  std::string name;
  std::string email;
  int64_t time = 0;  // seconds since the epoch
  int offsetMinutes = 0;  // time zone
};

struct CommitInfo {
  std::string id;
  std::string tree;
  std::vector<std::string> parents;
  Signature author, committer;
  std::string message;
};

class Repository {
 public:
  // `path` must be the top of a non-bare work tree; throws GitError.
  static Repository open(const std::string &path);

  std::string workdir() const;  // absolute, no trailing slash
  std::string headCommit() const;  // throws on an unborn HEAD
  std::string headRef() const;  // "refs/heads/x", "" when detached

  // The first path `git status` would show (staged, unstaged or untracked,
  // ignored files aside), "" when the work tree is clean.
  std::string firstDirtyPath() const;

  CommitInfo commit(const std::string &rev) const;  // any revspec
  std::optional<std::string> readFile(const std::string &tree,
                                      const std::string &path) const;
  std::optional<std::string> config(const std::string &key) const;
  std::optional<std::string> branch(const std::string &name) const;  // its commit

  // The object store shared by every work tree of the repository.
  std::string objectsDir() const;
  // Reads objects from `dir` too, for this process only (nothing is written
  // to the repository): how a series applied from a mailbox, whose objects
  // live in kconv's cache, is read as if it were in the repository.
  void addObjectDirectory(const std::string &dir) const;

  git_repository *raw() const { return repo_.get(); }

 private:
  explicit Repository(RepoPtr repo) : repo_(std::move(repo)) {}
  RepoPtr repo_;
};

}  // namespace kconv::git
