// Each subcommand lives in its own file and adds itself to the CLI11 app;
// the returned function runs it and gives the exit code.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "core/errors.h"  // kExit*

namespace kconv {

using CommandRunner = std::function<int()>;

CommandRunner addScanCommand(CLI::App &app);
CommandRunner addMergeCommand(CLI::App &app);
CommandRunner addReportCommand(CLI::App &app);
CommandRunner addTestCommand(CLI::App &app);
CommandRunner addProposeCommand(CLI::App &app);
CommandRunner addGateCommand(CLI::App &app);
CommandRunner addCheckPatchCommand(CLI::App &app);

}  // namespace kconv
