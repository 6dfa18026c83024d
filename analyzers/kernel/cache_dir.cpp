#include "kernel/cache_dir.h"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA1.h>

#include "core/errors.h"

namespace fs = std::filesystem;

namespace kconv {

std::string cacheDir() {
  fs::path dir;
  if (const char *env = std::getenv("KCONV_CACHE"); env && *env)
    dir = env;
  else if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    dir = fs::path(xdg) / "kconv";
  else if (const char *home = std::getenv("HOME"); home && *home)
    dir = fs::path(home) / ".cache/kconv";
  else
    dir = "/tmp/kconv-cache";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError("cannot create cache directory " + dir.string());
  return fs::absolute(dir).string();
}

std::string shortHash(const std::string &text, size_t length) {
  llvm::SHA1 sha;
  sha.update(text);
  return llvm::toHex(sha.final(), true).substr(0, length);
}

FileLock::FileLock(const std::string &path) {
  fd_ = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0)
    throw InputError("cannot lock " + path);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace kconv
