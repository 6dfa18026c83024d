// kconv test: build the tree's kernel, boot it in QEMU, run the refcount
// tests (KUnit suite, hmm-tests, FS-DAX scenario) and judge the console.
#include <algorithm>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "core/text_escape.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "qemu/harness_run.h"
#include "kernel/arches.h"
#include "kernel/default_tree.h"
#include "kernel/kernel_tree.h"
#include "qemu/guest_machine.h"
#include "core/errors.h"

namespace kconv {

namespace {

struct TestArgs {
  std::string tree;
  std::string arch;  // --arch LIST; empty: x86_64
  std::string reportDir;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned timeout = 1500;
};

// --arch: ARCH= names, or all (the devmap architectures kconv can boot;
// the others are named on stderr, never skipped silently).
std::vector<std::string> testArches(const std::string &spec, const std::string &treeDir) {
  if (spec.empty()) return {guestMachine(hostArch()).arch};
  std::vector<std::string> asked = parseArchList(spec, detectKernelTree(treeDir));
  std::vector<std::string> out, unbootable;
  bool all = ("," + spec + ",").find(",all,") != std::string::npos;
  for (const std::string &a : asked) {
    if (isBootable(a)) out.push_back(a);
    else if (all) unbootable.push_back(a);
    else guestMachine(a);  // throws, naming what kconv boots
  }
  if (!unbootable.empty()) {
    std::string names;
    for (const std::string &a : unbootable) names += (names.empty() ? "" : ", ") + a;
    std::cerr << "kconv: no QEMU guest for " << names
              << " (kconv test boots x86_64 and arm64; scan and gate --arch build the others)\n";
  }
  if (out.empty()) throw InputError("--arch " + escapeLine(spec) + ": no architecture kconv test boots");
  return out;
}

int runTest(TestArgs &args) {
  Progress progress;
  if (args.tree.empty()) {
    args.tree = ensureDefaultTree([&progress](const std::string &s) { progress.status(s); });
  }
  std::vector<std::string> arches = testArches(args.arch, args.tree);
  bool passed = true;
  for (const std::string &arch : arches) {
    TestRunOptions options;
    options.treeDir = args.tree;
    options.arch = arch;
    // Several architectures: one report directory each, under the one given.
    options.reportDir = args.reportDir.empty() || arches.size() == 1
                            ? args.reportDir
                            : args.reportDir + "/" + arch;
    options.jobs = args.jobs;
    options.qemuTimeoutSeconds = args.timeout;
    options.status = [&](const std::string &m) { progress.status(m); };
    TestRunResult result = runRefcountTests(options);
    progress.finish();
    for (const std::string &line : failureLines(result.report))
      std::cerr << "kconv: " << (arches.size() > 1 ? arch + ": " : "") << escapeLine(line) << "\n";
    std::string prefix = arches.size() > 1 ? "kconv test (" + arch + "): " : "kconv test: ";
    std::cout << prefix << summaryLine(result.report) << "\n"
              << prefix << "report: " << result.reportDir << "/kconv-test.json\n";
    passed = passed && result.report.passed();
  }
  return passed ? kExitOk : kExitFailure;
}

}  // namespace

CommandRunner addTestCommand(CLI::App &app) {
  auto args = std::make_shared<TestArgs>();
  CLI::App *test = app.add_subcommand(
      "test", "build the tree's kernel, boot it in QEMU, run the ZONE_DEVICE refcount tests");
  test->add_option("--tree", args->tree,
                   "kernel tree (default: Debian's linux-source-6.12, unpacked in the cache)")->check(nonEmpty());
  test->add_option("--arch", args->arch,
                   "guest architectures, ARCH= names comma-separated (x86_64,arm64), or all "
                   "(those that select ARCH_HAS_PTE_DEVMAP and kconv boots); default: the host's")
      ->check(nonEmpty());
  test->add_option("--report-dir", args->reportDir,
                   "where kconv-test.json and the logs go (default: the build directory's report/)")
      ->check(nonEmpty())
      ->check(notAnOption());
  test->add_option("-j,--jobs", args->jobs, "parallel make jobs")->transform(boundedJobs());
  test->add_option("--timeout", args->timeout, "hard limit for the QEMU run, in seconds")
      ->check(CLI::PositiveNumber);
  return [args] { return runTest(*args); };
}

}  // namespace kconv
