#include "git/scratch_checkout.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/parallel.h"
#include "git/clean_worktree.h"
#include "git/tree_diff.h"

namespace fs = std::filesystem;

namespace kconv::git {

namespace {

constexpr const char *kRecord = ".kconv-tree";

// A whole tree's directories (parents first) and files, from one walk.
struct Listing {
  struct File {
    std::string path;
    git_oid id;
    git_filemode_t mode;
  };
  std::vector<std::string> dirs;
  std::vector<File> files;
};

// Called from libgit2's C code, which exceptions must not cross: a
// failure to allocate stops the walk.
int listCallback(const char *root, const git_tree_entry *entry, void *payload) {
  auto *listing = static_cast<Listing *>(payload);
  try {
    std::string path = std::string(root) + git_tree_entry_name(entry);
    if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
      listing->dirs.push_back(std::move(path));
    else if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)  // not submodules
      listing->files.push_back({std::move(path), *git_tree_entry_id(entry),
                                git_tree_entry_filemode(entry)});
  } catch (const std::exception &) {
    return -1;
  }
  return 0;
}

using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;
using OdbObjectPtr = std::unique_ptr<git_odb_object, Deleter<git_odb_object, git_odb_object_free>>;

// One blob at dir/path with its git mode (a symlink is made a link), where
// the directory exists and no file of that name does: a fresh checkout
// needs no create_directories and no remove per file. libgit2's object
// database locks inside, so writers on several threads share it.
// `clean` (may be null): the user's work tree, copied where it holds the blob.
void writeFresh(git_odb *odb, const std::string &dir, const Listing::File &f,
                const CleanWorkTree *clean) {
  std::string target = dir + "/" + f.path;
  auto read = [&] {
    git_odb_object *raw = nullptr;
    check(git_odb_read(&raw, odb, &f.id), f.path);
    return OdbObjectPtr(raw);
  };
  if (f.mode == GIT_FILEMODE_LINK) {
    OdbObjectPtr blob = read();
    std::string link(static_cast<const char *>(git_odb_object_data(blob.get())),
                     git_odb_object_size(blob.get()));
    if (::symlink(link.c_str(), target.c_str()) != 0)
      throw GitError("cannot write " + target + ": " + std::strerror(errno));
    return;
  }
  // rw, or rwx for an executable blob, less the umask: as git checks out.
  bool executable = f.mode == GIT_FILEMODE_BLOB_EXECUTABLE;
  int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0777 : 0666);
  if (fd < 0) throw GitError("cannot write " + target + ": " + std::strerror(errno));
  try {
    if (!clean || !clean->copyTo(f.path, f.id, executable, fd)) {
      OdbObjectPtr blob = read();
      writeFully(fd,
                 std::string_view(static_cast<const char *>(git_odb_object_data(blob.get())),
                                  git_odb_object_size(blob.get())),
                 target);
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) throw GitError("cannot write " + target + ": " + std::strerror(errno));
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
  // A whole kernel is 80,000 files: inflating and writing them one by one
  // took 30-50 s of a warm gate. The walk only lists; directories are made
  // once each, in walk order (parents first); the files are written on
  // every core, copied from the user's work tree where git would call it
  // clean (git/clean_worktree.h), from their blobs elsewhere.
  Listing listing;
  check(git_tree_walk(t.get(), GIT_TREEWALK_PRE, listCallback, &listing), "checkout " + tree);
  for (const std::string &d : listing.dirs) fs::create_directory(fs::path(dir_) / d);
  git_odb *raw = nullptr;
  check(git_repository_odb(&raw, repo_.raw()), "object database");
  OdbPtr odb(raw);
  const CleanWorkTree clean(repo_);
  parallelFor(listing.files.size(), 0,
              [&](size_t i) { writeFresh(odb.get(), dir_, listing.files[i], &clean); });
  return listing.files.size();
}

size_t ScratchCheckout::update(const std::string &from, const std::string &to) {
  TreePtr t = lookup(repo_, to);
  git_odb *rawOdb = nullptr;
  check(git_repository_odb(&rawOdb, repo_.raw()), "object database");
  OdbPtr odb(rawOdb);
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
    if (git_tree_entry_type(raw) != GIT_OBJECT_BLOB) continue;
    fs::path target = fs::path(dir_) / c.path;
    fs::create_directories(target.parent_path());
    std::error_code ec;
    fs::remove(target, ec);
    writeFresh(odb.get(), dir_, {c.path, *git_tree_entry_id(raw), git_tree_entry_filemode(raw)},
               nullptr);
  }
  return n;
}

}  // namespace kconv::git
