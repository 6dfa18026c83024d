#include "git/repository.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace kconv::git {

namespace {

Signature toSignature(const git_signature *s) {
  return {s->name ? s->name : "", s->email ? s->email : "", s->when.time,
          s->when.offset};
}

}  // namespace

Repository Repository::open(const std::string &path) {
  ensureInit();
  git_repository *raw = nullptr;
  // No search upwards: --tree names the top of the kernel checkout.
  if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                              nullptr) < 0)
    throw GitError("not a git repository: " + path);
  RepoPtr repo(raw);
  if (git_repository_is_bare(raw)) throw GitError("bare git repository: " + path);
  std::error_code ec;
  fs::path top = fs::canonical(git_repository_workdir(raw), ec);
  if (ec || top != fs::canonical(path, ec))
    throw GitError(path + " is inside the git work tree " +
                   std::string(git_repository_workdir(raw)) + ", not its top");
  return Repository(std::move(repo));
}

std::string Repository::workdir() const {
  std::string w = git_repository_workdir(repo_.get());
  while (w.size() > 1 && w.back() == '/') w.pop_back();
  return w;
}

std::string Repository::objectsDir() const {
  std::string common = git_repository_commondir(repo_.get());
  while (common.size() > 1 && common.back() == '/') common.pop_back();
  return common + "/objects";
}

void Repository::addObjectDirectory(const std::string &dir) const {
  git_odb *raw = nullptr;
  check(git_repository_odb(&raw, repo_.get()), "object database of " + workdir());
  check(git_odb_add_disk_alternate(raw, dir.c_str()), "object directory " + dir);
  git_odb_free(raw);
}

std::string Repository::headCommit() const {
  git_oid oid;
  check(git_reference_name_to_id(&oid, repo_.get(), "HEAD"), "HEAD of " + workdir());
  return toHex(oid);
}

std::string Repository::headRef() const {
  if (git_repository_head_detached(repo_.get()) == 1) return "";
  git_reference *ref = nullptr;
  check(git_reference_lookup(&ref, repo_.get(), "HEAD"), "HEAD");
  RefPtr head(ref);
  const char *target = git_reference_symbolic_target(ref);
  return target ? target : "";
}

std::string Repository::firstDirtyPath() const {
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
               GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list *raw = nullptr;
  check(git_status_list_new(&raw, repo_.get(), &opts), "git status of " + workdir());
  StatusPtr list(raw);
  for (size_t i = 0; i < git_status_list_entrycount(raw); ++i) {
    const git_status_entry *e = git_status_byindex(raw, i);
    if (e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED)) continue;
    const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
    return d && d->new_file.path ? d->new_file.path : "?";
  }
  return "";
}

CommitInfo Repository::commit(const std::string &rev) const {
  git_object *obj = nullptr;
  check(git_revparse_single(&obj, repo_.get(), rev.c_str()), "revision " + rev);
  ObjectPtr object(obj);
  git_object *peeled = nullptr;
  check(git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT), rev + " is not a commit");
  CommitPtr c(reinterpret_cast<git_commit *>(peeled));
  CommitInfo info;
  info.id = toHex(*git_commit_id(c.get()));
  info.tree = toHex(*git_commit_tree_id(c.get()));
  for (unsigned i = 0; i < git_commit_parentcount(c.get()); ++i)
    info.parents.push_back(toHex(*git_commit_parent_id(c.get(), i)));
  info.author = toSignature(git_commit_author(c.get()));
  info.committer = toSignature(git_commit_committer(c.get()));
  const char *msg = git_commit_message(c.get());
  info.message = msg ? msg : "";
  return info;
}

std::optional<std::string> Repository::readFile(const std::string &tree,
                                                const std::string &path) const {
  git_oid treeId = fromHex(tree);
  git_tree *rawTree = nullptr;
  check(git_tree_lookup(&rawTree, repo_.get(), &treeId), "tree " + tree);
  TreePtr t(rawTree);
  git_tree_entry *entry = nullptr;
  if (git_tree_entry_bypath(&entry, rawTree, path.c_str()) < 0) return std::nullopt;
  std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>> e(entry);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return std::nullopt;
  git_blob *rawBlob = nullptr;
  check(git_blob_lookup(&rawBlob, repo_.get(), git_tree_entry_id(entry)), path);
  BlobPtr blob(rawBlob);
  return std::string(static_cast<const char *>(git_blob_rawcontent(rawBlob)),
                     git_blob_rawsize(rawBlob));
}

std::optional<std::string> Repository::config(const std::string &key) const {
  git_config *raw = nullptr;
  check(git_repository_config_snapshot(&raw, repo_.get()), "git config");
  ConfigPtr cfg(raw);
  const char *value = nullptr;
  if (git_config_get_string(&value, raw, key.c_str()) < 0) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> Repository::branch(const std::string &name) const {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo_.get(), ("refs/heads/" + name).c_str()) < 0)
    return std::nullopt;
  return toHex(oid);
}

}  // namespace kconv::git
