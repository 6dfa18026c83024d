#include "core/temp_files.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <unistd.h>
#include <vector>

namespace kconv {

namespace {

std::mutex gMutex;
std::atomic<int> gInterruptedBy{0};
std::set<std::string> &registry() {
  static std::set<std::string> files;
  return files;
}

}  // namespace

std::string tempDirectory() {
  const char *dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

std::string makeTempFile(const std::string &pattern) {
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  std::lock_guard<std::mutex> lock(gMutex);
  int fd = ::mkstemp(buf.data());
  if (fd < 0) return "";
  ::close(fd);
  registry().insert(buf.data());
  return buf.data();
}

void removeTempFile(const std::string &path) {
  std::lock_guard<std::mutex> lock(gMutex);
  std::remove(path.c_str());
  registry().erase(path);
}

void keepTempFile(const std::string &path) {
  std::lock_guard<std::mutex> lock(gMutex);
  registry().erase(path);
}

void removeAllTempFiles() {
  std::lock_guard<std::mutex> lock(gMutex);
  for (const std::string &f : registry()) std::remove(f.c_str());
  registry().clear();
}

int interruptedBy() { return gInterruptedBy; }

void setInterruptedBy(int signal) { gInterruptedBy = signal; }

}  // namespace kconv
