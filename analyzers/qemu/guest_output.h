// The guest's side of the run, as the host reads it back. The guest's init
// (ci/guest/init) writes its test output to a second serial port that
// carries nothing else, framed by marker lines:
//   KCONV-GUEST-START
//   KCONV-BEGIN <section>      ... test output (TAP) ...
//   KCONV-END <section> rc=<exit code>
//   # output of a failed step
//   KCONV-STEP <step> rc=<exit code>      a set-up or tear-down step
//   KCONV-GUEST-DONE
// and marks the same sections in the kernel log (/dev/kmsg) with
// "kconv-guest: begin <section>" / "kconv-guest: end <section>", so the
// console lines (KUnit's KTAP, splats) can be tied to a section too.
#pragma once

#include <string>
#include <vector>

namespace kconv {

struct GuestSection {
  std::string name;
  std::vector<std::string> lines;  // between BEGIN and END
  bool ended = false;  // END seen: the step ran to completion
  int exitCode = -1;
};

struct GuestStep {
  std::string name;  // "insmod-test_hmm", "rmmod-test_hmm", "mount-dax", ...
  int exitCode = -1;
  std::vector<std::string> log;  // its output, when it failed
};

struct GuestOutput {
  bool started = false;  // the init script ran
  bool finished = false;  // ... and reached its end
  std::vector<GuestSection> sections;
  std::vector<GuestStep> steps;
  const GuestSection *find(const std::string &name) const;
};

GuestOutput parseGuestOutput(const std::string &stream);

// The console text between the kmsg markers of `section` (to the end of
// the log if the end marker never came); empty when the section never began.
std::string consoleSection(const std::string &console, const std::string &section);

// The section a console line (1-based) falls in, or "boot" / "shutdown".
std::string sectionAtLine(const std::string &console, unsigned line);

}  // namespace kconv
