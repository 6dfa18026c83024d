#include "support/scratch_dir.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

namespace kconv::test {

namespace {

std::mutex mutex;
// Never destroyed: read by the atexit handler after static destructors may
// have run.
std::map<std::string, std::string> *dirs = new std::map<std::string, std::string>;

void removeAll() {
  const char *keep = std::getenv("KCONV_KEEP_TEST_FILES");
  if (keep && *keep && std::string(keep) != "0") return;
  std::lock_guard<std::mutex> lock(mutex);
  for (const auto &[prefix, dir] : *dirs) {
    std::error_code ec;
    fs::remove_all(dir, ec);  // best effort: a test's child may still hold a file
  }
}

}  // namespace

std::string processScratchDir(const std::string &prefix) {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = dirs->find(prefix);
  if (it != dirs->end()) return it->second;
  fs::path d = fs::path(::testing::TempDir()) / (prefix + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  if (dirs->empty()) std::atexit(removeAll);
  return dirs->emplace(prefix, d.string()).first->second;
}

}  // namespace kconv::test
