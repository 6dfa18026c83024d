#include "support/run_kconv.h"

#include <sstream>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "kernel/compile_db.h"
#include "kernel/process.h"
#include "support/scratch_dir.h"

namespace fs = std::filesystem;

namespace kconv::test {

std::string scratchDir() { return processScratchDir("kconv-test"); }

KconvRun runKconv(const std::vector<std::string> &args) { return runKconv(args, "", ""); }

KconvRun runKconv(const std::vector<std::string> &args, const std::string &workingDir,
                  const std::string &stdinPath) {
  std::string dir = scratchDir();
  std::string out = dir + "/kconv.out", err = dir + "/kconv.err";
  std::vector<std::string> argv = {KCONV_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions po;
  po.logPath = out;
  po.stderrPath = err;
  // Tests never read or fill the user's cache.
  po.extraEnv = {"CI=1", "KCONV_CACHE=" + dir + "/cache"};
  po.workingDir = workingDir;
  po.stdinPath = stdinPath;
  KconvRun run;
  run.exitCode = runProcess(argv, po).exitCode;
  run.out = readFile(out);
  run.err = readFile(err);
  return run;
}

std::string makeFixtureKernelTree(const std::string &fixture, const std::string &name) {
  fs::path root = fs::path(scratchDir()) / name;
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

std::vector<std::string> linesStartingWith(const std::string &text, const std::string &prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

bool endsWithOneErrorLine(const std::string &err) {
  if (linesStartingWith(err, "kconv: error: ").size() != 1 || err.empty() || err.back() != '\n')
    return false;
  size_t start = err.rfind('\n', err.size() - 2);
  start = start == std::string::npos ? 0 : start + 1;
  return err.compare(start, 14, "kconv: error: ") == 0;
}

}  // namespace kconv::test
