// Splits a line of POSIX shell, as `make -n` prints it, into simple commands
// and their words. Kbuild's recipes are `set -e; echo ...; trap ...; CC ...;
// scripts/basic/fixdep ... 'CC ...'`: quoting must be honoured so the copy of
// the command quoted for fixdep stays one word and is not mistaken for a
// second compilation.
#pragma once

#include <string>
#include <vector>

namespace kconv {

using ShellCommand = std::vector<std::string>;

// Splits at unquoted ; & | && || and newlines; removes quotes and backslash
// escapes. No expansion is done: `$$` stays literally.
std::vector<ShellCommand> splitShellCommands(const std::string &line);

// Quotes one word for a shell, only when it needs it.
std::string shellQuote(const std::string &word);

}  // namespace kconv
