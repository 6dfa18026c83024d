#include "git/scratch_checkout.h"

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "git/tree_diff.h"

namespace fs = std::filesystem;

namespace kconv::git {

namespace {

constexpr const char *kRecord = ".kconv-tree";

// Writes one blob at dir/path with its git mode; a symlink is made a link.
void writeEntry(const Repository &repo, const std::string &dir, const std::string &path,
                const git_oid &id, git_filemode_t mode) {
  git_blob *raw = nullptr;
  check(git_blob_lookup(&raw, repo.raw(), &id), path);
  BlobPtr blob(raw);
  fs::path target = fs::path(dir) / path;
  fs::create_directories(target.parent_path());
  std::error_code ec;
  fs::remove(target, ec);
  const char *data = static_cast<const char *>(git_blob_rawcontent(raw));
  size_t size = git_blob_rawsize(raw);
  if (mode == GIT_FILEMODE_LINK) {
    fs::create_symlink(std::string(data, size), target);
    return;
  }
  std::ofstream out(target, std::ios::binary);
  out.write(data, static_cast<std::streamsize>(size));
  if (!out) throw GitError("cannot write " + target.string());
  out.close();
  if (mode == GIT_FILEMODE_BLOB_EXECUTABLE)
    fs::permissions(target, fs::perms::owner_exec | fs::perms::group_exec |
                                fs::perms::others_exec, fs::perm_options::add);
}

struct WalkState {
  const Repository *repo;
  std::string dir;
  size_t written = 0;
  std::string error;
};

// Called from libgit2's C code: exceptions must not cross it, so a failure
// is kept and stops the walk.
int walkCallback(const char *root, const git_tree_entry *entry, void *payload) {
  auto *state = static_cast<WalkState *>(payload);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;  // trees, submodules
  try {
    writeEntry(*state->repo, state->dir, std::string(root) + git_tree_entry_name(entry),
               *git_tree_entry_id(entry), git_tree_entry_filemode(entry));
  } catch (const std::exception &e) {
    state->error = e.what();
    return -1;
  }
  ++state->written;
  return 0;
}

TreePtr lookup(const Repository &repo, const std::string &id) {
  git_oid oid = fromHex(id);
  git_tree *raw = nullptr;
  check(git_tree_lookup(&raw, repo.raw(), &oid), "tree " + id);
  return TreePtr(raw);
}

}  // namespace

ScratchCheckout::ScratchCheckout(const Repository &repo, std::string dir)
    : repo_(repo), dir_(std::move(dir)) {}

size_t ScratchCheckout::moveTo(const std::string &tree) {
  std::string record = dir_ + "/" + kRecord;
  std::string held = fs::exists(record) ? readFile(record) : "";
  if (held == tree) return 0;
  // The record goes first: a run killed half-way leaves no claim to a tree
  // the directory does not hold, and the next run starts over.
  std::error_code ec;
  fs::remove(record, ec);
  // A tree this repository cannot read any more (one applied from a
  // mailbox lives in kconv's private object directory, not read by this
  // run): start over rather than diff against it.
  git_oid oid;
  git_tree *probe = nullptr;
  bool readable = !held.empty() && git_oid_fromstr(&oid, held.c_str()) == 0 &&
                  git_tree_lookup(&probe, repo_.raw(), &oid) == 0;
  if (probe) git_tree_free(probe);
  size_t n = readable ? update(held, tree) : writeAll(tree);
  writeFileAtomically(record, tree);
  return n;
}

size_t ScratchCheckout::writeAll(const std::string &tree) {
  std::error_code ec;
  fs::remove_all(dir_, ec);
  fs::create_directories(dir_);
  TreePtr t = lookup(repo_, tree);
  WalkState state{&repo_, dir_, 0, ""};
  int rc = git_tree_walk(t.get(), GIT_TREEWALK_PRE, walkCallback, &state);
  if (!state.error.empty()) throw GitError("checkout of " + tree + ": " + state.error);
  check(rc, "checkout " + tree);
  return state.written;
}

size_t ScratchCheckout::update(const std::string &from, const std::string &to) {
  TreePtr t = lookup(repo_, to);
  size_t n = 0;
  for (const FileChange &c : changedFiles(repo_, from, to)) {
    ++n;
    if (c.kind == FileChange::Deleted) {
      std::error_code ec;
      fs::remove(fs::path(dir_) / c.path, ec);
      continue;
    }
    git_tree_entry *raw = nullptr;
    check(git_tree_entry_bypath(&raw, t.get(), c.path.c_str()), c.path);
    std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>> e(raw);
    if (git_tree_entry_type(raw) == GIT_OBJECT_BLOB)
      writeEntry(repo_, dir_, c.path, *git_tree_entry_id(raw), git_tree_entry_filemode(raw));
  }
  return n;
}

}  // namespace kconv::git
