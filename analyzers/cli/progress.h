// What long work says on stderr while it runs, and the one summary line it
// ends with (the contract in docs/ci.md):
//  - on a terminal (and CI unset): one redrawn line, done/total, the
//    current item and an ETA, as ninja does;
//  - elsewhere (pipes, CI logs): one line per step and a percentage line
//    at most every 10 s, as make and kunit.py do; never a redrawn bar, so
//    a 15-minute first run is not 15 minutes of silence;
//  - --quiet (any command): nothing but errors and warnings.
#pragma once

#include <chrono>
#include <string>

namespace kconv {

class Progress {
 public:
  enum class Mode { Terminal, Lines, Quiet };
  Progress();
  explicit Progress(Mode mode);

  // main sets it from --quiet before the command runs.
  static void setQuiet(bool quiet);
  static bool quiet();

  // Terminal mode only: callers that print their own per-item lines
  // (the gate's per-commit line) do so when this is true.
  bool enabled() const { return mode_ == Mode::Terminal; }
  Mode mode() const { return mode_; }

  void status(const std::string &message);
  void update(unsigned done, unsigned total, const std::string &item);
  void finish();
  // The command's last word: "kconv: " + line, unless quiet.
  void summary(const std::string &line);
  // An item line (one per commit, per test) in every mode but quiet.
  void line(const std::string &text);

 private:
  Mode mode_;
  bool dirty_ = false;
  bool counted_ = false;  // Lines: a percentage line was printed for step_
  std::string step_;
  std::chrono::steady_clock::time_point start_, lastLine_;
};

}  // namespace kconv
