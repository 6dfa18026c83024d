#include "gate/gate_steps.h"

#include <filesystem>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "qemu/kernel_build.h"
#include "kernel/arches.h"
#include "kernel/make_runner.h"
#include "qemu/harness_config.h"
#include "qemu/harness_run.h"
#include "kernel/cache_dir.h"
#include "git/format_patch.h"
#include "kernel/checkpatch.h"

namespace fs = std::filesystem;

namespace kconv {


namespace {

BuildStep buildStep(const KernelMake &make, const std::string &keptLog,
                    const std::function<void()> &build) {
  FileLock lock(make.buildDir + "/.kconv-test.lock");
  BuildStep step;
  try {
    build();
    step.state = StepState::Passed;
  } catch (const KconvError &e) {
    step.state = StepState::Failed;
    // Keep a copy of the failed step's log with the report, as the next
    // commit's build overwrites it.
    const std::string &log = e.logPath;
    fs::create_directories(fs::path(keptLog).parent_path());
    std::string text = !log.empty() && fs::exists(log) ? readFile(log) : errorLine(e) + "\n";
    writeFileAtomically(keptLog, text);
    step.error = firstBuildError(text, make.tree.root, make.buildDir);
    if (step.error.empty()) step.error = errorLine(e);
    step.log = fs::path(keptLog).filename().string();
  }
  return step;
}

// `make <targets>` for `arch` in its test configuration (one reused O=
// per architecture; an architecture kconv does not boot keeps what its
// Kconfig has of the common fragment), as a build step.
BuildStep crossStep(const KernelTree &checkout, const std::string &arch, unsigned jobs,
                    const std::string &keptLog, const StatusFn &status,
                    const std::vector<std::string> &targets, const std::string &step,
                    const std::string &what) {
  KernelMake make;
  make.tree = forArch(checkout, arch);
  make.jobs = jobs;
  make.progress = status;
  make.buildDir = testBuildDir(make.tree);
  return buildStep(make, keptLog, [&] {
    std::vector<std::string> fragments = testConfigFragments(arch);
    configureTestKernel(make, fragments, fragments.size() == 1);
    make.run(targets, step, what + " (" + arch + ")");
  });
}

}  // namespace

BuildStep crossBuildCommit(const KernelTree &checkout, const std::string &arch, unsigned jobs,
                           const std::string &keptLog, const StatusFn &status) {
  return crossStep(checkout, arch, jobs, keptLog, status, {"vmlinux", "modules"}, "build",
                   "kernel build");
}

std::string crossPreflight(const KernelTree &checkout, const std::string &arch, unsigned jobs,
                           const std::string &keptLog, const StatusFn &status) {
  BuildStep step =
      crossStep(checkout, arch, jobs, keptLog, status, {"prepare"}, "prepare", "make prepare");
  return step.state == StepState::Passed ? "" : step.error;
}

BuildStep buildCommit(const KernelTree &checkout, unsigned jobs, const std::string &keptLog,
                      const StatusFn &status) {
  KernelMake make;
  make.tree = checkout;
  make.jobs = jobs;
  make.progress = status;
  make.buildDir = testBuildDir(checkout);
  return buildStep(make, keptLog, [&] {
    configureTestKernel(make, testConfigFragments(hostArch()));
    buildTestKernel(make, guestMachine(hostArch()));
  });
}

TestsStep testCommit(const KernelTree &checkout, const std::string &arch, unsigned jobs,
                     unsigned qemuTimeout, const std::string &reportDir, const StatusFn &status) {
  TestRunOptions o;
  o.treeDir = checkout.root;
  o.arch = arch;
  o.reportDir = reportDir;
  o.jobs = jobs;
  o.qemuTimeoutSeconds = qemuTimeout;
  o.status = status;
  TestsStep step;
  try {
    TestRunResult r = runRefcountTests(o);
    step.state = r.report.passed() ? StepState::Passed : StepState::Failed;
    step.summary = summaryLine(r.report);
    step.timedOut = r.report.qemuTimedOut;
    step.convention = r.report.convention.summary();
    step.api = r.report.api.summary();
    for (const TestOutcome &t : r.report.tests)
      if (t.status == TestStatus::Failed || t.status == TestStatus::Crashed)
        step.failedTests.push_back(t.kind + "." + t.name + ": " + failureSummary(t.name, t.log));
    for (const ReportedSplat &s : r.report.splats)
      step.splats.push_back(s.splat.kind + ": " + s.splat.text + " (in " + s.section + ")");
    for (const std::string &e : r.report.errors) step.failedTests.push_back("error: " + e);
  } catch (const KconvError &e) {
    step.state = StepState::Failed;
    step.summary = errorLine(e);
  }
  return step;
}

CheckpatchStep checkpatchCommit(const std::string &repoDir, const std::string &tree,
                                const std::string &parent, const std::string &commit,
                                const std::string &dir) {
  std::vector<std::string> patches = git::formatPatches(repoDir, parent, commit, dir);
  if (patches.size() != 1) throw InputError("git format-patch gave no single patch for " + commit);
  return checkpatchPatchFile(tree, patches.front());
}

CheckpatchStep checkpatchPatchFile(const std::string &tree, const std::string &patchFile) {
  CheckpatchStep step;
  CheckpatchResult r = runCheckpatch(tree, patchFile);
  if (r.errors < 0) {
    step.state = StepState::Failed;
    step.errors = 1;
    step.messages = {"checkpatch.pl gave no summary (see " + patchFile + ".checkpatch)"};
    return step;
  }
  step.errors = r.errors;
  step.warnings = r.warnings;
  step.messages = r.messages;
  step.state = r.errors ? StepState::Failed : StepState::Passed;
  return step;
}

}  // namespace kconv
