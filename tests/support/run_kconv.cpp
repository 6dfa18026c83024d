#include "support/run_kconv.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "kernel/compile_db.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv::test {

KconvRun runKconv(const std::vector<std::string> &args) {
  std::string dir = ::testing::TempDir();
  std::string out = dir + "/kconv.out", err = dir + "/kconv.err";
  std::vector<std::string> argv = {KCONV_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions po;
  po.logPath = out;
  po.stderrPath = err;
  po.extraEnv = {"CI=1"};
  KconvRun run;
  run.exitCode = runProcess(argv, po).exitCode;
  run.out = readFile(out);
  run.err = readFile(err);
  return run;
}

std::string makeFixtureKernelTree(const std::string &fixture, const std::string &name) {
  fs::path root = fs::path(::testing::TempDir()) / name;
  fs::remove_all(root);
  fs::copy(fixture, root, fs::copy_options::recursive);
  fs::create_directories(root / "arch/x86");
  std::ofstream(root / "Makefile") << "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n";
  std::ofstream(root / "Kconfig") << "\n";
  std::ofstream(root / "include/linux/mm.h") << "\n";
  std::vector<CompileCommand> db;
  for (const auto &e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".c") continue;
    db.push_back({root.string(),
                  {"clang", "-nostdinc", "-Iinclude", "-std=gnu11", "-D__KERNEL__", "-c",
                   e.path().string()},
                  e.path().string(),
                  ""});
  }
  writeCompileDatabase((root / "compile_commands.json").string(), db);
  return fs::canonical(root).string();
}

}  // namespace kconv::test
