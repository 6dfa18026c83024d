#include "git/clean_worktree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/atomic_file.h"

namespace kconv::git {

namespace {

using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;

bool sameStat(const struct stat &a, const struct stat &b) {
  return a.st_size == b.st_size && a.st_ino == b.st_ino && a.st_dev == b.st_dev &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
         a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
}

bool earlier(int64_t s1, int64_t ns1, int64_t s2, int64_t ns2) {
  return s1 < s2 || (s1 == s2 && ns1 < ns2);
}

// Reads `in` whole and writes it to `out`: where the kernel cannot copy
// between the two (another file system, an old kernel).
bool copyByReading(int in, int out, off_t size) {
  std::string data(static_cast<size_t>(size), '\0');
  for (off_t done = 0; done < size;) {
    ssize_t n = ::read(in, data.data() + done, static_cast<size_t>(size - done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // an error, or the file shrank
    done += n;
  }
  try {
    writeFully(out, data, "the scratch checkout");
  } catch (const InputError &) {
    return false;
  }
  return true;
}

// Copies all of `in` (of `size` bytes) to `out` at their offsets; false on
// any failure or a short copy.
bool copyAll(int in, int out, off_t size) {
  for (off_t done = 0; done < size;) {
    ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, static_cast<size_t>(size - done), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && done == 0 &&
        (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP))
      return copyByReading(in, out, size);
    if (n <= 0) return false;  // an error, or the file shrank
    done += n;
  }
  return true;
}

}  // namespace

CleanWorkTree::CleanWorkTree(const Repository &repo) {
  if (git_repository_is_bare(repo.raw())) return;
  workdir_ = repo.workdir();
  std::string file = std::string(git_repository_path(repo.raw())) + "index";
  struct stat before, after;
  if (::stat(file.c_str(), &before) != 0) return;
  git_index *raw = nullptr;
  if (git_index_open(&raw, file.c_str()) < 0) return;
  IndexPtr index(raw);
  // An index rewritten while it was read: trust none of it.
  if (::stat(file.c_str(), &after) != 0 || !sameStat(before, after)) return;
  size_t count = git_index_entrycount(index.get());
  entries_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry *e = git_index_get_byindex(index.get(), i);
    if (!e || GIT_INDEX_ENTRY_STAGE(e) != 0) continue;
    // assume-unchanged, skip-worktree and intent-to-add entries say nothing
    // about the file's content.
    if ((e->flags & GIT_INDEX_ENTRY_VALID) ||
        (e->flags_extended & (GIT_INDEX_ENTRY_SKIP_WORKTREE | GIT_INDEX_ENTRY_INTENT_TO_ADD)))
      continue;
    // Racily clean: changed in the same instant the index was written, the
    // stat would not show it (git re-reads such files; here the blob is).
    if (!earlier(e->mtime.seconds, e->mtime.nanoseconds, before.st_mtim.tv_sec,
                 before.st_mtim.tv_nsec))
      continue;
    if ((e->mode & S_IFMT) != S_IFREG) continue;  // links and submodules: from git
    entries_.emplace(e->path, Entry{e->id, e->mode, e->file_size, e->ino, e->mtime.seconds,
                                    e->ctime.seconds, e->mtime.nanoseconds,
                                    e->ctime.nanoseconds});
  }
}

bool CleanWorkTree::copyTo(const std::string &path, const git_oid &id, bool executable,
                           int fd) const {
  auto it = entries_.find(path);
  if (it == entries_.end()) return false;
  const Entry &e = it->second;
  if (!git_oid_equal(&e.id, &id) || ((e.mode & 0100) != 0) != executable) return false;
  // Looked at before it is opened: opening a FIFO or a device node put
  // where git has a file could block or act on a device. O_NONBLOCK and
  // the same inode after the open cover a swap in between.
  std::string file = workdir_ + "/" + path;
  struct stat st, again;
  if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  int in = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (in < 0) return false;
  bool ok = ::fstat(in, &again) == 0 && sameStat(st, again) &&
            ((st.st_mode & S_IXUSR) != 0) == executable &&
            static_cast<uint32_t>(st.st_size) == e.size &&
            static_cast<uint32_t>(st.st_ino) == e.ino &&
            static_cast<int32_t>(st.st_mtim.tv_sec) == e.mtimeSeconds &&
            static_cast<uint32_t>(st.st_mtim.tv_nsec) == e.mtimeNanoseconds &&
            static_cast<int32_t>(st.st_ctim.tv_sec) == e.ctimeSeconds &&
            static_cast<uint32_t>(st.st_ctim.tv_nsec) == e.ctimeNanoseconds;
  // Unchanged from before the copy to after it, or not used.
  ok = ok && copyAll(in, fd, st.st_size) && ::fstat(in, &again) == 0 && sameStat(st, again);
  ::close(in);
  if (!ok && (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0))
    throw GitError("cannot empty a half-copied " + path + ": " + std::strerror(errno));
  return ok;
}

}  // namespace kconv::git
