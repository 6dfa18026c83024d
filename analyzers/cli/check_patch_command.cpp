// kconv check-patch: the gate's findings delta for one patch read on stdin,
// printed for b4's per-patch checks (gate/check_patch.h has the contract).
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "gate/check_patch.h"
#include "gate/gate_run.h"
#include "kernel/cache_dir.h"

namespace kconv {

namespace {

struct CheckPatchArgs {
  std::string tree = ".";
  std::vector<std::string> paths;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool verbose = false;
};

int runCheckPatch(const CheckPatchArgs &a) {
  // b4 reads every output line as a check result: nothing but the results,
  // unless asked.
  if (!a.verbose) Progress::setQuiet(true);
  std::ostringstream in;
  in << std::cin.rdbuf();
  std::string patch = in.str();
  if (patch.find("\n--- ") == std::string::npos && patch.find("diff --git ") == std::string::npos)
    throw InputError("check-patch reads one patch on stdin (git format-patch output); got no diff");

  GateOptions o;
  o.tree = a.tree;
  git::Repository repo = git::Repository::open(a.tree);
  PatchBase base = patchBase(repo, patch);
  std::filesystem::create_directories(cacheDir() + "/check-patch");
  std::string file = cacheDir() + "/check-patch/" + shortHash(patch, 16) + ".patch";
  writeFileAtomically(file, patch);
  o.mbox = file;
  o.base = base.commit;
  o.paths = a.paths;
  o.jobs = a.jobs;
  o.build = o.boot = false;
  o.checkpatch = false;  // b4 runs checkpatch.pl itself
  o.reportDir = cacheDir() + "/check-patch/report";
  o.reproduce = "kconv check-patch --tree " + a.tree + " < " + file;
  Progress progress;
  o.status = [&](const std::string &m) { progress.status(m); };
  GateRun run = runGate(o);
  progress.finish();
  std::vector<std::string> lines;
  for (const CommitResult &r : run.report.commits)
    for (const std::string &l : checkPatchLines(r)) lines.push_back(l);
  for (const std::string &l : lines) std::cout << l << "\n";
  progress.summary("check-patch: " + std::to_string(lines.size()) + " problems, on " + base.why);
  return lines.empty() ? kExitOk : kExitFailure;
}

}  // namespace

CommandRunner addCheckPatchCommand(CLI::App &app) {
  auto a = std::make_shared<CheckPatchArgs>();
  CLI::App *cmd = app.add_subcommand(
      "check-patch",
      "one patch on stdin: its new findings, in checkpatch --terse form (for b4 prep --check)");
  cmd->add_option("--tree", a->tree, "git work tree of the kernel (default: .)")->check(nonEmpty());
  cmd->add_option("--paths", a->paths, "analyse only the TUs under these tree paths")->check(nonEmpty());
  cmd->add_option("-j,--jobs", a->jobs, "parallel jobs")->transform(boundedJobs());
  cmd->add_flag("-v,--verbose", a->verbose, "step lines and a summary on stderr");
  return [a] { return runCheckPatch(*a); };
}

}  // namespace kconv
