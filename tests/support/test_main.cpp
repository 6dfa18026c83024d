// main() of every test program: each process gets a private temporary
// directory (TEST_TMPDIR, which ::testing::TempDir() returns, and TMPDIR,
// which kconv and the tools it starts use), removed when the process
// ends. A test that writes a fixture file under TempDir() and forgets it
// (or fails before its cleanup) leaves nothing in /tmp: a unit run used to
// leave about 40 files there. KCONV_KEEP_TEST_FILES=1 keeps the directory
// for a post-mortem and prints where it is.
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace {

std::string privateDir;

bool keepFiles() {
  const char *keep = std::getenv("KCONV_KEEP_TEST_FILES");
  return keep && *keep && std::string(keep) != "0";
}

void removePrivateDir() {
  if (privateDir.empty() || keepFiles()) return;
  std::error_code ec;
  std::filesystem::remove_all(privateDir, ec);  // best effort at exit
}

}  // namespace

int main(int argc, char **argv) {
  const char *base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/kconv-test-XXXXXX";
  if (::mkdtemp(pattern.data())) {
    privateDir = pattern;
    ::setenv("TEST_TMPDIR", privateDir.c_str(), 1);
    ::setenv("TMPDIR", privateDir.c_str(), 1);
    std::atexit(removePrivateDir);  // also when a test calls exit()
    if (keepFiles()) std::fprintf(stderr, "test files kept in %s\n", privateDir.c_str());
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
