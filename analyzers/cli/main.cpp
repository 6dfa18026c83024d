// kconv: find, propose, gate and report kernel mm conversions.
#include <iostream>

#include "cli/commands.h"
#include "core/errors.h"

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? kconv::kExitOk : kconv::kExitUsage;
  }
  try {
    for (auto &[sub, run] : commands)
      if (sub->parsed()) return run();
  } catch (const kconv::KconvError &e) {
    std::cerr << "kconv: error: " << kconv::errorLine(e) << "\n";
    return e.exitCode();
  }
  return kconv::kExitUsage;
}
