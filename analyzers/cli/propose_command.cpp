// kconv propose: turn the findings of a refactor into a patch series on a
// new branch of the tree (never the checked-out one), check it, and write
// the cover letter, inventory and worklist.
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "cli/options.h"
#include "git/commit_writer.h"
#include "cli/progress.h"
#include "core/errors.h"
#include "refactor/mechanical_proposal.h"
#include "refactor/pgmap_proposal.h"
#include "refactor/workspace.h"

namespace kconv {

namespace {

int runPropose(refactor::ProposeOptions &o) {
  Progress progress;
  o.status = [&](const std::string &m) { progress.status(m); };
  o.progress = [&](unsigned done, unsigned total, const std::string &item) {
    progress.update(done, total, item);
  };
  o.progressDone = [&] { progress.finish(); };
  // The report comes in stages over minutes: show each as it is written,
  // also when stdout is a log file.
  std::cout << std::unitbuf;
  o.report = &std::cout;
  if (o.branch.empty()) o.branch = "kconv/" + o.refactor;
  git::checkBranchName(o.branch);  // before minutes of work, not after
  refactor::Workspace ws = refactor::openWorkspace(o);
  if (o.refactor == "pgmap-flags") return refactor::proposePgmapFlags(ws);
  return refactor::proposeMechanical(ws, o.refactor);
}

}  // namespace

CommandRunner addProposeCommand(CLI::App &app) {
  auto o = std::make_shared<refactor::ProposeOptions>();
  o->jobs = std::max(1u, std::thread::hardware_concurrency());
  CLI::App *cmd = app.add_subcommand(
      "propose", "propose a refactor as a patch series on a new branch, checked");
  cmd->add_option("--refactor", o->refactor, "which refactor")
      ->required()
      ->check(CLI::IsMember({"pgmap-flags", "devmap", "page-mapping"}));
  cmd->add_option("--tree", o->tree, "kernel tree: a git repository with a clean work tree")->check(nonEmpty());
  cmd->add_option("--branch", o->branch, "branch to write (default: kconv/REFACTOR)")->check(nonEmpty());
  cmd->add_flag("--signoff", o->signoff,
                "add Signed-off-by from git config user.name/user.email");
  cmd->add_flag("--force", o->force, "replace the branch if it exists");
  cmd->add_option("--rules", o->rules, "rule pack directory (default: the installed rules/)")->check(nonEmpty());
  cmd->add_option("--config", o->config, "Kconfig fragment: a name in rules/ or a file")->check(nonEmpty());
  cmd->add_option("--paths", o->paths, "scan only these tree paths (default: the whole tree)")->check(nonEmpty());
  cmd->add_option("-j,--jobs", o->jobs, "parallel jobs")->transform(boundedJobs());
  cmd->add_option("--out", o->out,
                  "directory for the cover letter, patches, inventory and checks "
                  "(default: in kconv's cache, printed at the end)")
      ->check(nonEmpty())
      ->check(notAnOption());
  cmd->add_option("--inventory", o->inventory, "also write the inventory JSON here")
      ->check(nonEmpty())
      ->check(notAnOption());
  cmd->add_flag("--no-check", [o](int64_t) { o->check = false; },
                "do not compile-check the commits or re-scan after the series");
  cmd->add_option("--check-paths", o->checkPaths,
                  "compile only the includers of touched headers under these paths "
                  "(touched TUs always; default: every includer)");
  cmd->add_flag("--check-every-includer", [o](int64_t) { o->proveHeaders = false; },
                "compile every includer of a touched header, even when its change is "
                "proven confined (one includer per preprocessor context otherwise)");
  return [o] { return runPropose(*o); };
}

}  // namespace kconv
