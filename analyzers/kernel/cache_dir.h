// Where kconv keeps what it can rebuild: unpacked default trees, configured
// O= build directories, per-TU results. Never inside the user's tree.
#pragma once

#include <string>

namespace kconv {

// $KCONV_CACHE, else $XDG_CACHE_HOME/kconv, else ~/.cache/kconv; created.
std::string cacheDir();

// A short stable hex digest of `text`, for directory names and stamps.
std::string shortHash(const std::string &text, size_t length = 12);

// Holds an exclusive flock on `path` for the object's lifetime, so two kconv
// runs never prepare the same build directory at once.
class FileLock {
 public:
  explicit FileLock(const std::string &path);
  ~FileLock();
  FileLock(const FileLock &) = delete;
  FileLock &operator=(const FileLock &) = delete;

 private:
  int fd_ = -1;
};

}  // namespace kconv
