// kconv gate BASE..HEAD: one verdict per commit of a patch series (findings
// delta, build, boot and refcount tests, checkpatch), a table on stdout,
// JSON, Markdown and JUnit in the report directory.
#include <algorithm>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "core/errors.h"
#include "gate/gate_run.h"
#include "gate/gate_table.h"
#include "gate/gate_verdict.h"
#include "kernel/interrupt.h"

namespace kconv {

namespace {

struct GateArgs {
  GateOptions options;
  std::string policyFile;
  std::vector<std::string> failOn, converts;
  bool noBoot = false, noBuild = false, noHeaderShortcut = false;
  std::string commandLine;
};

GatePolicy policyFrom(const GateArgs &a) {
  GatePolicy p = a.policyFile.empty() ? GatePolicy() : loadPolicy(a.policyFile);
  if (!a.failOn.empty()) {
    p.failOn.clear();
    for (const std::string &r : a.failOn) {
      if (r == "none") continue;
      if (std::find(policyReasons().begin(), policyReasons().end(), r) == policyReasons().end())
        throw InputError("--fail-on: unknown reason '" + r +
                         "' (build, tests, splat, findings, checkpatch, none)");
      p.failOn.insert(r);
    }
  }
  p.converts.insert(a.converts.begin(), a.converts.end());
  return p;
}

int runGateCommand(GateArgs &a) {
  GateOptions &o = a.options;
  if (o.tree.empty()) o.tree = ".";
  o.build = !a.noBuild;
  o.boot = o.build && !a.noBoot;
  o.headerShortcut = !a.noHeaderShortcut;
  o.policy = policyFrom(a);
  o.reproduce = a.commandLine;
  Progress progress;
  o.status = [&](const std::string &m) { progress.status(m); };
  o.commitDone = [&](size_t i, size_t total, const CommitResult &r) {
    std::ostringstream line;
    line << "[" << i + 1 << "/" << total << "] " << r.commit.substr(0, 12) << " "
         << (r.cached ? "from the cache" : "done in " + formatSeconds(r.seconds.total))
         << ": findings +" << r.findings.added.size() << " -" << r.findings.removed.size()
         << ", build " << toString(r.build.state) << ", tests " << toString(r.tests.state);
    progress.line(line.str());
  };
  // main's InterruptGuard (Mode::Finish for gate) lets the run end itself.
  GateRun run = runGate(o);
  progress.finish();
  std::cout << gateTable(run.report, progress.enabled())
            << "report: " << run.reportDir << "/kconv-gate.json (.md, .junit.xml)\n";
  for (const std::string &mail : run.replies) std::cout << "reply: " << mail << "\n";
  if (run.report.interrupted) {
    std::cerr << "kconv: interrupted after " << run.report.commits.size() << " of "
              << run.report.seriesLength << " commits; finished results kept\n";
    return 128 + InterruptGuard::signal();
  }
  return run.report.passed() ? kExitOk : kExitFailure;
}

}  // namespace

CommandRunner addGateCommand(CLI::App &app) {
  auto a = std::make_shared<GateArgs>();
  a->options.jobs = std::max(1u, std::thread::hardware_concurrency());
  CLI::App *cmd = app.add_subcommand(
      "gate", "check every commit of a series: findings delta, build, boot, tests, checkpatch");
  CLI::Option *range = cmd->add_option("range", a->options.range, "the series, BASE..HEAD");
  CLI::Option *mbox =
      cmd->add_option("--mbox", a->options.mbox,
                      "the series as a mailbox (git format-patch --stdout, b4 am -o -; - for "
                      "stdin), applied outside your repository")
          ->check(nonEmpty())
          ->check(notAnOption());
  range->excludes(mbox);
  cmd->add_option("--base", a->options.base,
                  "with --mbox: the commit the series applies on (default: its base-commit: line)")
      ->check(nonEmpty())
      ->needs(mbox);
  cmd->add_option("--tree", a->options.tree,
                  "git work tree of the kernel (default: the current directory); only read")->check(nonEmpty());
  cmd->add_flag("--no-boot", a->noBoot, "build only: skip the QEMU boot and refcount tests");
  cmd->add_flag("--no-build", a->noBuild,
                "findings delta and checkpatch only: no kernel build, no boot");
  cmd->add_flag("--no-header-shortcut", a->noHeaderShortcut,
                "analyse every reader of a changed header whole, at both sides, even when the "
                "change is proven not to reach beyond the header (docs/gate.md, Header commits)");
  cmd->add_option("-j,--jobs", a->options.jobs, "parallel jobs")->transform(boundedJobs());
  cmd->add_option("--report-dir", a->options.reportDir,
                  "where kconv-gate.json/.md/.junit.xml and logs go (default: in the cache)")
      ->check(nonEmpty())
      ->check(notAnOption());
  cmd->add_option("--timeout", a->options.qemuTimeoutSeconds,
                  "hard limit for each QEMU run, in seconds")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--fail-on", a->failOn,
                  "what fails a commit (default: build tests splat findings; also checkpatch, "
                  "or none)")
      ->delimiter(',');
  cmd->add_option("--converts", a->converts,
                  "categories the series converts (new findings in them fail), on top of those "
                  "it removes overall");
  cmd->add_option("--policy", a->policyFile,
                  "JSON policy: {\"fail_on\": [...], \"converts\": [...], \"infer_converted\": "
                  "true}")
      ->check(CLI::ExistingFile);
  cmd->add_option("--rules", a->options.rulesDir, "rule pack directory")->check(nonEmpty());
  cmd->add_option("--arch", a->options.archSpec,
                  "also build every commit for these architectures (ARCH= names, comma-separated, "
                  "or all: those that select ARCH_HAS_PTE_DEVMAP); x86_64 always builds and boots")
      ->check(nonEmpty());
  cmd->add_option("--paths", a->options.paths,
                  "analyse the findings of the TUs under these tree-relative paths only (the "
                  "includers of a changed header elsewhere are counted, not parsed)")->check(nonEmpty());
  return [a] {
    std::ostringstream line;
    if (a->options.range.empty() && a->options.mbox.empty())
      throw InputError("gate needs the series: BASE..HEAD, or --mbox FILE");
    line << "kconv gate " << a->options.range;
    if (!a->options.mbox.empty()) line << "--mbox " << a->options.mbox;
    if (!a->options.base.empty()) line << " --base " << a->options.base;
    if (!a->options.tree.empty()) line << " --tree " << a->options.tree;
    if (a->noBuild) line << " --no-build";
    else if (a->noBoot) line << " --no-boot";
    if (a->noHeaderShortcut) line << " --no-header-shortcut";
    for (const std::string &r : a->failOn) line << " --fail-on " << r;
    for (const std::string &c : a->converts) line << " --converts " << c;
    if (!a->policyFile.empty()) line << " --policy " << a->policyFile;
    for (const std::string &p : a->options.paths) line << " --paths " << p;
    if (!a->options.archSpec.empty()) line << " --arch " << a->options.archSpec;
    a->commandLine = line.str();
    return runGateCommand(*a);
  };
}

}  // namespace kconv
