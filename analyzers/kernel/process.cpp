#include "kernel/process.h"

#include "core/temp_files.h"
#include "kernel/interrupt.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/Optional.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Program.h>

extern char **environ;

namespace kconv {

std::string findProgram(const std::string &program) {
  auto found = llvm::sys::findProgramByName(program);
  return found ? *found : std::string();
}

// llvm::sys::ExecuteAndWait has no working-directory parameter, so a
// non-empty one is entered with `env -C`, which coreutils has had since 8.28.
static std::vector<std::string> withWorkingDir(
    const std::vector<std::string> &argv, const std::string &dir) {
  if (dir.empty()) return argv;
  std::vector<std::string> out = {findProgram("env"), "-C", dir};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

ProcessResult runProcess(const std::vector<std::string> &argvIn,
                         const ProcessOptions &options) {
  ProcessResult result;
  if (argvIn.empty()) {
    result.error = "empty command";
    return result;
  }
  // After SIGINT/SIGTERM no new child starts: the interrupt watcher is
  // emptying the process tree, and a child started now would outlive kconv.
  if (InterruptGuard::requested()) {
    result.exitCode = -1;
    result.error = "interrupted";
    return result;
  }
  std::vector<std::string> argv = withWorkingDir(argvIn, options.workingDir);
  std::string program = argv[0];
  if (program.find('/') == std::string::npos) program = findProgram(program);
  if (program.empty()) {
    result.error = argvIn[0] + ": not found on PATH";
    return result;
  }
  std::vector<llvm::StringRef> args(argv.begin(), argv.end());

  std::vector<std::string> envStore;
  for (char **e = environ; *e; ++e) envStore.emplace_back(*e);
  envStore.insert(envStore.end(), options.extraEnv.begin(),
                  options.extraEnv.end());
  std::vector<llvm::StringRef> env(envStore.begin(), envStore.end());

  std::string log = options.logPath.empty() ? "/dev/null" : options.logPath;
  std::string err = options.stderrPath.empty() ? log : options.stderrPath;
  std::string in = options.stdinPath.empty() ? "/dev/null" : options.stdinPath;
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::StringRef(in),
                                                 llvm::StringRef(log),
                                                 llvm::StringRef(err)};
  // LLVM opens redirect targets without O_TRUNC: a shorter output would
  // leave the tail of an earlier one behind.
  if (!options.appendLog)
    for (const std::string &path : {log, err})
      if (path != "/dev/null") std::ofstream(path, std::ios::trunc);
  bool failed = false;
  result.exitCode = llvm::sys::ExecuteAndWait(
      program, args, llvm::ArrayRef<llvm::StringRef>(env), redirects,
      options.timeoutSeconds, 0, &result.error, &failed);
  if (result.exitCode == -2 && result.error.find("timed out") != std::string::npos)
    result.timedOut = true;
  if (failed || result.exitCode < 0) result.exitCode = -1;
  return result;
}

std::optional<std::string> captureOutput(const std::vector<std::string> &argv,
                                         const std::string &workingDir,
                                         const std::set<int> &success) {
  TempFile capture(tempDirectory() + "/kconv-capture-XXXXXX");
  if (capture.path().empty()) return std::nullopt;
  ProcessOptions options;
  options.workingDir = workingDir;
  options.logPath = capture.path();
  options.stderrPath = "/dev/null";
  ProcessResult r = runProcess(argv, options);
  std::ifstream in(capture.path());
  std::stringstream ss;
  ss << in.rdbuf();
  if (!success.count(r.exitCode)) return std::nullopt;
  return ss.str();
}

}  // namespace kconv
