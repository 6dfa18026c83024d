// The compile commands of the user's tree, moved onto a scratch checkout
// of a generated commit: every mention of the tree (absolute, or relative
// to the O= build directory as Kbuild writes it) now names the checkout,
// while the build directory, with its .config and generated headers, is
// shared read-only. Valid while the series leaves Kconfig and generated
// headers alone, which a refactor of C sources does.
#pragma once

#include <string>
#include <vector>

#include "kernel/compile_db.h"

namespace kconv {

CompileCommand relocateCommand(const CompileCommand &command, const std::string &fromRoot,
                               const std::string &toRoot);

// The command as a syntax check: the compiler and every flag as Kbuild
// gives them (warnings included), minus the dependency-file and output
// options, plus -fsyntax-only. Writes nothing.
std::vector<std::string> syntaxCheckArguments(const CompileCommand &command);

}  // namespace kconv
