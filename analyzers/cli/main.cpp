// kconv: find, propose, gate and report kernel mm conversions.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress.h"
#include "core/errors.h"
#include "core/temp_files.h"  // interruptedBy()
#include "core/text_escape.h"
#include "kernel/interrupt.h"

namespace {

// Runs a command; every error becomes one line on stderr and its exit code.
int runCommand(const kconv::CommandRunner &run) {
  try {
    return run();
  } catch (const kconv::KconvError &e) {
    if (kconv::interruptedBy()) return kconv::kExitUsage;  // main says "interrupted"
    std::cerr << "kconv: error: " << kconv::escapeLine(kconv::errorLine(e)) << "\n";
    return e.exitCode();
  } catch (const nlohmann::json::exception &e) {
    // A reader that missed a shape check: still one line and exit 2, never
    // an abort (the typed readers name file and key; this names the kind).
    std::cerr << "kconv: error: unexpected JSON input: " << kconv::escapeLine(e.what()) << "\n";
    return kconv::kExitUsage;
  } catch (const std::bad_alloc &) {
    std::cerr << "kconv: error: out of memory\n";
    return kconv::kExitUsage;
  } catch (const std::exception &e) {
    std::cerr << "kconv: error: " << kconv::escapeLine(e.what()) << "\n";
    return kconv::kExitUsage;
  }
}

}  // namespace

int main(int argc, char **argv) {
  CLI::App app{"kconv: ZONE_DEVICE / devmap / page->mapping conversion toolkit"};
  app.set_version_flag("--version", KCONV_VERSION);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App *, kconv::CommandRunner>> commands;
  auto add = [&](kconv::CommandRunner (*adder)(CLI::App &)) {
    size_t before = app.get_subcommands({}).size();
    kconv::CommandRunner run = adder(app);
    commands.emplace_back(app.get_subcommands({})[before], std::move(run));
  };
  add(kconv::addScanCommand);
  add(kconv::addMergeCommand);
  add(kconv::addReportCommand);
  add(kconv::addTestCommand);
  add(kconv::addProposeCommand);
  add(kconv::addGateCommand);
  add(kconv::addCheckPatchCommand);

  // --quiet on every command: nothing on stderr but errors and warnings.
  bool quiet = false;
  for (CLI::App *sub : app.get_subcommands({}))
    sub->add_flag("-q,--quiet", quiet, "no step lines and no summary on stderr");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? kconv::kExitOk : kconv::kExitUsage;
  }
  kconv::Progress::setQuiet(quiet);
  for (auto &[sub, run] : commands) {
    if (!sub->parsed()) continue;
    // One SIGINT/SIGTERM handling for every command: the gate finishes and
    // writes what it has; the others stop their children, remove their
    // temporary files, leave their outputs as they were and exit 128 + signal.
    bool finish = sub->get_name() == "gate";
    kconv::InterruptGuard guard(finish ? kconv::InterruptGuard::Mode::Finish
                                       : kconv::InterruptGuard::Mode::Exit);
    int rc = runCommand(run);
    if (!finish && kconv::InterruptGuard::requested())
      return kconv::InterruptGuard::cleanUpAfterSignal();
    return rc;
  }
  return kconv::kExitUsage;
}
