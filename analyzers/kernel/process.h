// Runs external programs (make, spatch, qemu) through LLVM's process layer:
// no shell, output captured to a log file the caller keeps.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kconv {

struct ProcessResult {
  int exitCode = -1;  // -1: could not start or was killed
  bool timedOut = false;
  std::string error;  // why it could not start, if it could not
};

struct ProcessOptions {
  std::string workingDir;  // empty: inherit
  std::string logPath;  // stdout+stderr go here; empty: /dev/null
  std::string stderrPath;  // empty: same as logPath
  std::string stdinPath;  // empty: /dev/null
  bool appendLog = false;  // keep what the log files hold (multi-step logs)
  unsigned timeoutSeconds = 0;  // 0: none
  std::vector<std::string> extraEnv;  // "NAME=value", added to the parent's
};

// Finds `program` on PATH; empty when missing.
std::string findProgram(const std::string &program);

ProcessResult runProcess(const std::vector<std::string> &argv,
                         const ProcessOptions &options = {});

// Runs and returns stdout; nullopt on failure: an exit code not among
// `success` (grep's 1, "no match", is a success for a search).
std::optional<std::string> captureOutput(const std::vector<std::string> &argv,
                                         const std::string &workingDir = "",
                                         const std::set<int> &success = {0});

}  // namespace kconv
