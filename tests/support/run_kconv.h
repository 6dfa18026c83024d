// Runs the built kconv binary, as a user or CI job would.
#pragma once

#include <string>
#include <vector>

namespace kconv::test {

struct KconvRun {
  int exitCode = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

KconvRun runKconv(const std::vector<std::string> &args);
// The same from `workingDir`, with stdin read from `stdinPath` (as b4 runs
// a per-patch check: from the top of the tree, the patch on stdin).
KconvRun runKconv(const std::vector<std::string> &args, const std::string &workingDir,
                  const std::string &stdinPath);

// The stderr lines that start with `prefix` ("kconv: error: "): step lines
// and the summary come before an error, so a failing command's contract is
// one error line, the last one.
std::vector<std::string> linesStartingWith(const std::string &text, const std::string &prefix);
bool endsWithOneErrorLine(const std::string &err);

// A scratch directory of this test process: ctest runs tests in parallel
// processes, which must not share files; removed at exit
// (support/scratch_dir.h).
std::string scratchDir();

// A temporary copy of a fixture directory that looks like a kernel tree
// (top Makefile, Kconfig, arch/x86, include/linux/mm.h) and carries a
// compile_commands.json for its .c files, so `kconv scan --tree` runs end
// to end without make.
std::string makeFixtureKernelTree(const std::string &fixture, const std::string &name);

}  // namespace kconv::test
