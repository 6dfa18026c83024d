// Checks shared by every subcommand's options, so each command refuses the
// same mistakes the same way (exit 2, one line).
#pragma once

#include <CLI/CLI.hpp>

namespace kconv {

// A path or name option given as "" is a mistake (an unset shell variable),
// not a request for the default: `--tree ""` must not scan the default tree.
const CLI::Validator &nonEmpty();

// A file option whose value looks like an option (`--profile -q`) took the
// next word by mistake: refused instead of writing a file named "-q".
const CLI::Validator &notAnOption();

// --jobs: a positive number; more than this machine can usefully run (four
// per CPU) is capped, with a note on stderr, instead of starting 100000
// threads and aborting.
const CLI::Validator &boundedJobs();

// How a summary line names an output: "stdout" for "-", else the path.
std::string outputName(const std::string &path);

}  // namespace kconv
