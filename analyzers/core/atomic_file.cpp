#include "core/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/temp_files.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// The file a path finally names: symlinks followed one by one (a dangling
// link names the file it would create), so the link itself stays a link.
std::string finalTarget(const std::string &path) {
  fs::path p = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    fs::path next = fs::read_symlink(p, ec);
    if (ec) return p.string();
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  throw InputError("cannot write " + path + ": too many levels of symbolic links");
}

// Opens `file` (no O_CREAT: it exists), writes `content`, closes it;
// `mode` (when not 0) is set before the close. `path` names it in errors.
void writeInto(const std::string &file, const std::string &content, const std::string &path,
               int flags, mode_t mode = 0) {
  int fd = ::open(file.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw InputError("cannot write " + path + ": " + std::strerror(errno));
  try {
    writeFully(fd, content, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (mode) ::fchmod(fd, mode);
  if (::close(fd) != 0) throw InputError("cannot write " + path + ": " + std::strerror(errno));
}

// A device, FIFO or socket (/dev/null, /dev/stdout, a named pipe): written
// through as the user means it, never replaced by a regular file.
void writeThrough(const std::string &path, const std::string &content) {
  writeInto(path, content, path, O_WRONLY | O_NOCTTY);
}

}  // namespace

void writeFully(int fd, std::string_view data, const std::string &path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError("cannot write " + path + ": " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
}

void writeFileAtomically(const std::string &path, const std::string &content) {
  if (path == "-") {
    std::cout << content << std::flush;
    return;
  }
  if (path.empty()) throw InputError("cannot write an empty path");
  std::string target = finalTarget(path);
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw InputError("cannot write " + path + ": is a directory");
    if (!S_ISREG(st.st_mode)) return writeThrough(target, content);
  }
  // A regular file (or none yet): a temporary beside it, renamed over it, so
  // a reader sees the old content or the new, never a part.
  std::string dir = fs::path(target).parent_path().string();
  std::string tmp = makeTempFile((dir.empty() ? "" : dir + "/") + "." +
                                 fs::path(target).filename().string() + ".kconv-XXXXXX");
  if (tmp.empty()) throw InputError("cannot write " + path + ": " + std::strerror(errno));
  try {
    // An existing file keeps its permissions; a new one gets the usual
    // 0666 & ~umask rather than mkstemp's 0600.
    mode_t mode = st.st_mode ? (st.st_mode & 07777) : 0666;
    if (!st.st_mode) {
      mode_t mask = ::umask(0);
      ::umask(mask);
      mode &= ~mask;
    }
    writeInto(tmp, content, path, O_WRONLY | O_TRUNC, mode);
    if (interruptedBy() != 0)
      throw InputError("interrupted: " + path + " left as it was");
    if (::rename(tmp.c_str(), target.c_str()) != 0)
      throw InputError("cannot write " + path + ": " + std::strerror(errno));
    keepTempFile(tmp);
  } catch (...) {
    removeTempFile(tmp);
    throw;
  }
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path);
  // Straight into the string (a stringstream copied every byte twice: the
  // lexical scan reads a whole kernel tree through here).
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) text.append(buffer, in.gcount());
  return text;
}

}  // namespace kconv
