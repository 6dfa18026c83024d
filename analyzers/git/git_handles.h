// RAII for libgit2: every object kconv takes from libgit2 is owned by a
// unique_ptr with libgit2's free function, and every failing call becomes a
// GitError carrying libgit2's own message. Internal to analyzers/git.
#pragma once

#include <memory>
#include <string>

#include <git2.h>

#include "core/errors.h"

namespace kconv::git {

// A libgit2 failure on the user's repository is an input problem (not a
// repository, corrupt object, unknown branch): one line, exit 2.
struct GitError : InputError {
  using InputError::InputError;
};

// Throws GitError "what: libgit2's message" when rc < 0.
void check(int rc, const std::string &what);

// libgit2 needs a process-wide init before any call; idempotent.
void ensureInit();

template <typename T, void (*Free)(T *)>
struct Deleter {
  void operator()(T *p) const {
    if (p) Free(p);
  }
};

using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using RefPtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using SigPtr = std::unique_ptr<git_signature, Deleter<git_signature, git_signature_free>>;
using ConfigPtr = std::unique_ptr<git_config, Deleter<git_config, git_config_free>>;
using StatusPtr = std::unique_ptr<git_status_list, Deleter<git_status_list, git_status_list_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff, git_diff_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;

std::string toHex(const git_oid &oid);
git_oid fromHex(const std::string &hex);

}  // namespace kconv::git
