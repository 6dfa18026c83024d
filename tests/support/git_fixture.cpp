#include "support/git_fixture.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "kernel/compile_db.h"
#include "kernel/process.h"
#include "support/scratch_dir.h"

namespace fs = std::filesystem;

namespace kconv::test {

std::string gitScratchDir() { return processScratchDir("kconv-git"); }

std::string git(const std::string &dir, const std::vector<std::string> &args) {
  std::vector<std::string> argv = {"git", "-C", dir, "-c", "user.name=Test",
                                   "-c", "user.email=test@example.org"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string out = dir + "/../git-fixture.out";
  ProcessOptions po;
  po.logPath = out;
  po.stderrPath = out + ".err";
  po.extraEnv = {"GIT_AUTHOR_DATE=1700000000 +0100", "GIT_COMMITTER_DATE=1700000000 +0100",
                 "GIT_CONFIG_NOSYSTEM=1", "HOME=" + dir + "/.."};
  ProcessResult r = runProcess(argv, po);
  EXPECT_EQ(r.exitCode, 0) << "git " << args.front() << ": " << readFile(out + ".err");
  return readFile(out);
}

void makeGitRepo(const std::string &dir, const std::map<std::string, std::string> &files) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  git(dir, {"init", "-q", "-b", "main"});
  for (const auto &[path, content] : files) {
    fs::create_directories((fs::path(dir) / path).parent_path());
    std::ofstream(fs::path(dir) / path, std::ios::binary) << content;
  }
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "-m", "base"});
}

std::string makeKernelFixtureRepo(const std::string &fixture, const std::string &dir) {
  fs::remove_all(dir);
  fs::create_directories(fs::path(dir).parent_path());
  fs::copy(fixture, dir, fs::copy_options::recursive);
  fs::create_directories(fs::path(dir) / "arch/x86");
  std::ofstream(fs::path(dir) / "arch/x86/Kconfig") << "\n";
  std::ofstream(fs::path(dir) / "Makefile") << "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n";
  std::ofstream(fs::path(dir) / "Kconfig") << "\n";
  std::ofstream(fs::path(dir) / ".gitignore") << "/compile_commands.json\n";
  std::vector<CompileCommand> db;
  for (const auto &e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".c") continue;
    db.push_back({dir, {"clang", "-nostdinc", "-Iinclude", "-std=gnu11", "-D__KERNEL__", "-c",
                        e.path().string()},
                  e.path().string(), ""});
  }
  writeCompileDatabase((fs::path(dir) / "compile_commands.json").string(), db);
  git(dir, {"init", "-q", "-b", "master"});
  git(dir, {"config", "user.name", "Kconv Tester"});
  git(dir, {"config", "user.email", "tester@example.org"});
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "-m", "base tree"});
  return fs::canonical(dir).string();
}

std::string checkoutState(const std::string &dir) {
  std::string state = "HEAD=" + readFile(dir + "/.git/HEAD");
  state += "index=" + readFile(dir + "/.git/index");
  state += "head=" + git(dir, {"rev-parse", "HEAD"});
  for (const auto &e : fs::recursive_directory_iterator(dir)) {
    if (e.path().string().find("/.git") != std::string::npos || !e.is_regular_file()) continue;
    state += e.path().string() + "=" + readFile(e.path().string()) + "\n";
  }
  return state;
}

std::string makeGateFixtureRepo(const std::string &dir) {
  std::string tree = makeKernelFixtureRepo(KCONV_TEST_FIXTURES "/mini-kernel", dir);
  std::ofstream(tree + "/Makefile", std::ios::app)
      << readFile(KCONV_TEST_FIXTURES "/mini-kernel/Kbuild.stand-in");
  git(tree, {"rm", "-q", "mm/broken.c"});
  git(tree, {"commit", "-q", "-a", "--amend", "--no-edit"});
  return tree;
}

void replaceIn(const std::string &tree, const std::string &path, const std::string &from,
               const std::string &to) {
  std::string text = readFile(tree + "/" + path);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  std::ofstream(tree + "/" + path) << text;
}

void commitAll(const std::string &tree, const std::string &subject) {
  git(tree, {"add", "-A"});
  git(tree, {"commit", "-q", "-m",
             subject + "\n\nWhy this change.\n\nSigned-off-by: Kconv Tester <tester@example.org>"});
}

}  // namespace kconv::test
