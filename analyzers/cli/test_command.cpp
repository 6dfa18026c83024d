// kconv test: build the tree's kernel, boot it in QEMU, run the refcount
// tests (KUnit suite, hmm-tests, FS-DAX scenario) and judge the console.
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "core/text_escape.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "qemu/harness_run.h"
#include "kernel/default_tree.h"

namespace kconv {

namespace {

struct TestArgs {
  std::string tree;
  std::string reportDir;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned timeout = 1500;
};

int runTest(TestArgs &args) {
  Progress progress;
  if (args.tree.empty()) {
    progress.status("unpacking the default tree (first run only)");
    args.tree = ensureDefaultTree();
  }
  TestRunOptions options;
  options.treeDir = args.tree;
  options.reportDir = args.reportDir;
  options.jobs = args.jobs;
  options.qemuTimeoutSeconds = args.timeout;
  options.status = [&](const std::string &m) { progress.status(m); };
  TestRunResult result = runRefcountTests(options);
  progress.finish();
  for (const std::string &line : failureLines(result.report))
    std::cerr << "kconv: " << escapeLine(line) << "\n";
  std::cout << "kconv test: " << summaryLine(result.report) << "\n"
            << "kconv test: report: " << result.reportDir << "/kconv-test.json\n";
  return result.report.passed() ? kExitOk : kExitFailure;
}

}  // namespace

CommandRunner addTestCommand(CLI::App &app) {
  auto args = std::make_shared<TestArgs>();
  CLI::App *test = app.add_subcommand(
      "test", "build the tree's kernel, boot it in QEMU, run the ZONE_DEVICE refcount tests");
  test->add_option("--tree", args->tree,
                   "kernel tree (default: Debian's linux-source-6.12, unpacked in the cache)")->check(nonEmpty());
  test->add_option("--report-dir", args->reportDir,
                   "where kconv-test.json and the logs go (default: the build directory's report/)")->check(nonEmpty());
  test->add_option("-j,--jobs", args->jobs, "parallel make jobs")->transform(boundedJobs());
  test->add_option("--timeout", args->timeout, "hard limit for the QEMU run, in seconds")
      ->check(CLI::PositiveNumber);
  return [args] { return runTest(*args); };
}

}  // namespace kconv
