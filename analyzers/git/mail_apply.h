// A mailbox's patches turned into commits, as `git am -3` would make them,
// without touching the user's repository: git's plumbing (read-tree,
// apply --cached -3, write-tree, commit-tree, what git am runs) with a
// private index and a private object directory in kconv's cache, reading
// the user's objects through GIT_ALTERNATE_OBJECT_DIRECTORIES. No branch,
// no ref, no rebase-apply/, no object in the user's store: the commits
// exist only for kconv, which reads them by adding the private directory
// to its own view of the repository (Repository::addObjectDirectory).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "git/mailbox.h"
#include "git/repository.h"

namespace kconv::git {

struct AppliedMailbox {
  std::string base;  // the commit the series was applied on
  std::vector<std::string> commits;  // one per patch that applied, in order
  // The first patch that did not apply (index into Mailbox::patches) and
  // what git apply said; the patches after it were not tried.
  std::optional<size_t> failedPatch;
  std::string failure;
  std::string objectDir;  // where the new objects are
  // Environment that lets a git child process see the new commits.
  std::vector<std::string> gitEnvironment;
};

// The line of git apply's output that says where: "error: patch failed:
// mm/gup.c:123" rather than -3's "repository lacks the necessary blob".
std::string applyErrorSummary(const std::string &gitApplyOutput);

// Applies box.patches on `base` (a commit id of `repo`). Committer = author
// and dates from the mail, so the same mailbox always gives the same ids.
AppliedMailbox applyMailbox(const Repository &repo, const Mailbox &box, const std::string &base,
                            const std::string &workDir);

}  // namespace kconv::git
