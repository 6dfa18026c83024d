#include "git/commit_writer.h"

#include <vector>

namespace kconv::git {

namespace {

TreePtr lookupTree(const Repository &repo, const std::string &id) {
  git_oid oid = fromHex(id);
  git_tree *raw = nullptr;
  check(git_tree_lookup(&raw, repo.raw(), &oid), "tree " + id);
  return TreePtr(raw);
}

git_filemode_t modeOf(git_tree *tree, const std::string &path) {
  git_tree_entry *entry = nullptr;
  if (git_tree_entry_bypath(&entry, tree, path.c_str()) < 0) return GIT_FILEMODE_BLOB;
  git_filemode_t mode = git_tree_entry_filemode(entry);
  git_tree_entry_free(entry);
  return mode == GIT_FILEMODE_BLOB_EXECUTABLE ? mode : GIT_FILEMODE_BLOB;
}

SigPtr toGit(const Signature &s) {
  git_signature *raw = nullptr;
  check(git_signature_new(&raw, s.name.c_str(), s.email.c_str(), s.time, s.offsetMinutes),
        "signature " + s.name + " <" + s.email + ">");
  return SigPtr(raw);
}

}  // namespace

std::string writeTree(const Repository &repo, const std::string &baseTree,
                      const FileEdits &edits) {
  TreePtr base = lookupTree(repo, baseTree);
  std::vector<git_tree_update> updates;
  for (const auto &[path, content] : edits) {
    git_tree_update u{};
    u.path = path.c_str();
    if (content) {
      u.action = GIT_TREE_UPDATE_UPSERT;
      u.filemode = modeOf(base.get(), path);
      check(git_blob_create_from_buffer(&u.id, repo.raw(), content->data(), content->size()),
            "blob for " + path);
    } else {
      u.action = GIT_TREE_UPDATE_REMOVE;
    }
    updates.push_back(u);
  }
  git_oid out;
  check(git_tree_create_updated(&out, repo.raw(), base.get(), updates.size(), updates.data()),
        "tree from " + baseTree);
  return toHex(out);
}

std::string writeCommit(const Repository &repo, const std::string &parent,
                        const std::string &tree, const Signature &author,
                        const Signature &committer, const std::string &message) {
  git_oid parentId = fromHex(parent);
  git_commit *rawParent = nullptr;
  check(git_commit_lookup(&rawParent, repo.raw(), &parentId), "commit " + parent);
  CommitPtr p(rawParent);
  TreePtr t = lookupTree(repo, tree);
  SigPtr a = toGit(author), c = toGit(committer);
  const git_commit *parents[] = {p.get()};
  git_oid out;
  // No update_ref: the branch is set once, when the whole series is written.
  check(git_commit_create(&out, repo.raw(), nullptr, a.get(), c.get(), "UTF-8",
                          message.c_str(), t.get(), 1, parents),
        "commit on " + parent);
  return toHex(out);
}

void checkBranchName(const std::string &name) {
  ensureInit();
  std::string ref = "refs/heads/" + name;
  int valid = 0;
  check(git_reference_name_is_valid(&valid, ref.c_str()), "branch name");
  if (!valid || name.empty() || name == "HEAD" || name[0] == '-' || name == "@")
    throw GitError("invalid branch name: '" + name + "' (see git check-ref-format --branch)");
}

void setBranch(const Repository &repo, const std::string &name,
               const std::string &commit, bool force) {
  checkBranchName(name);
  std::string ref = "refs/heads/" + name;
  if (repo.headRef() == ref)
    throw GitError("branch " + name + " is checked out in " + repo.workdir() +
                   "; choose another --branch");
  if (repo.branch(name) && !force)
    throw GitError("branch " + name + " exists; pass --force to replace it");
  git_oid oid = fromHex(commit);
  git_reference *raw = nullptr;
  check(git_reference_create(&raw, repo.raw(), ref.c_str(), &oid, force ? 1 : 0,
                             "kconv propose"),
        "branch " + name);
  git_reference_free(raw);
}

}  // namespace kconv::git
