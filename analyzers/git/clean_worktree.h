// The files of the user's work tree that git itself would call clean, as a
// faster source for the scratch checkout's first write: copying a file the
// kernel already has in its page cache costs a third of inflating its blob
// (v6.12, 86,000 files, 2 cores: ~7 s against ~19 s).
//
// A file counts as its blob only when the index says the blob is `id` and
// the file's lstat matches the index entry as `git status` checks it (size,
// mtime and ctime to the nanosecond, inode), and the entry is not racily
// clean (written in the same instant as the index, when its stat cannot be
// trusted). The stat is taken again after the copy: a file the user
// changed meanwhile is not used. The user's files are only ever opened for
// reading; anything that fails any check is written from its blob instead.
#pragma once

#include <string>
#include <unordered_map>

#include "git/repository.h"

namespace kconv::git {

class CleanWorkTree {
 public:
  // Reads the repository's index (nothing when it has none or cannot be
  // read: then every file comes from its blob).
  explicit CleanWorkTree(const Repository &repo);

  // Writes the work tree's `path` to `fd` (a new, empty file) when it is
  // clean and git has it as blob `id` with that executable bit; false
  // (and `fd` still empty) otherwise. Safe on several threads.
  bool copyTo(const std::string &path, const git_oid &id, bool executable, int fd) const;

 private:
  struct Entry {
    git_oid id;
    uint32_t mode, size, ino;
    int32_t mtimeSeconds, ctimeSeconds;
    uint32_t mtimeNanoseconds, ctimeNanoseconds;
  };
  std::string workdir_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace kconv::git
