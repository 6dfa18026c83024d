#include "qemu/harness_results.h"

namespace kconv {

namespace {

void addTap(const std::string &kind, const std::vector<std::string> &lines,
            CollectedResults &out) {
  TapDocument doc = parseTap(lines);
  for (const std::string &e : doc.errors) out.errors.push_back(kind + ": " + e);
  std::vector<FlatResult> flat = flatten(doc);
  if (flat.empty()) out.errors.push_back(kind + ": no test results");
  for (FlatResult &r : flat)
    out.tests.push_back({kind, r.name, r.status, r.directive, std::move(r.log)});
}

void addSection(const GuestOutput &guest, const std::string &kind, CollectedResults &out) {
  const GuestSection *s = guest.find(kind);
  if (!s) {
    out.errors.push_back(kind + ": never ran");
    return;
  }
  addTap(kind, s->lines, out);
  if (!s->ended)
    out.errors.push_back(kind + ": did not finish (the guest stopped inside it)");
  else if (s->exitCode == 124)
    out.errors.push_back(kind + ": still running at its time limit (stuck in the kernel?)");
  else if (s->exitCode >= 128)
    out.errors.push_back(kind + ": killed by signal " + std::to_string(s->exitCode - 128));
}

void addSteps(const GuestOutput &guest, CollectedResults &out) {
  for (const GuestStep &step : guest.steps) {
    TestOutcome t{"guest", step.name,
                  step.exitCode == 0 ? TestStatus::Passed : TestStatus::Failed,
                  step.exitCode == 0 ? "" : "exit " + std::to_string(step.exitCode),
                  step.log};
    out.tests.push_back(std::move(t));
  }
}

}  // namespace

const std::vector<std::string> &testKinds() {
  static const std::vector<std::string> kinds = {"kunit", "hmm-tests", "fsdax", "guest"};
  return kinds;
}

CollectedResults collectResults(const GuestOutput &guest, const std::string &console) {
  CollectedResults out;
  if (!guest.started) out.errors.push_back("the guest's init never ran (see the console log)");
  else if (!guest.finished) out.errors.push_back("the guest did not reach the end of its init");

  std::string kunit = consoleSection(console, "kunit");
  if (kunit.empty() && guest.started)
    out.errors.push_back("kunit: the suite never started");
  else if (!kunit.empty())
    addTap("kunit", extractTapLines(kunit), out);
  addSection(guest, "hmm-tests", out);
  addSection(guest, "fsdax", out);
  addSteps(guest, out);
  return out;
}

}  // namespace kconv
