// Errors that end a command with a one-line message. They are thrown where
// the problem is found and caught once, in main, where the kind becomes the
// exit code (as linters do: 2 for usage and input errors, a missing tool,
// input kconv cannot use; 1 when the work itself failed, e.g. the tree's
// kernel does not build) and the message one line on stderr. A log that
// explains the failure travels as a field, never inside the message.
#pragma once

#include <stdexcept>
#include <string>

namespace kconv {

// Exit codes, in one place.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // a gate, a test or a build failed
constexpr int kExitUsage = 2;  // usage or input error

struct KconvError : std::runtime_error {
  explicit KconvError(const std::string &message, std::string log = "")
      : std::runtime_error(message), logPath(std::move(log)) {}
  virtual int exitCode() const = 0;
  std::string logPath;  // kept log of the failed step; empty: none
};

// Usage and input errors, missing tools, an environment kconv cannot use.
struct InputError : KconvError {
  using KconvError::KconvError;
  int exitCode() const override { return kExitUsage; }
};

// A step that ran and failed on the user's input: the kernel of the tree
// (or of a commit) does not configure or build, a guest program does not
// compile against it.
struct BuildError : KconvError {
  using KconvError::KconvError;
  int exitCode() const override { return kExitFailure; }
};

// "message (log: PATH)": how an error is shown on one line.
inline std::string errorLine(const KconvError &e) {
  return e.logPath.empty() ? e.what() : std::string(e.what()) + " (log: " + e.logPath + ")";
}

}  // namespace kconv
