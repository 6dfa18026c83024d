// The compilation database of a configured kernel: the exact compiler
// command of every C translation unit, in the standard compile_commands.json
// format so clangd and other tools can read it too.
#pragma once

#include <string>
#include <vector>

namespace kconv {

struct CompileCommand {
  std::string directory;  // where the command runs (the O= build dir)
  std::vector<std::string> arguments;  // argv, compiler first
  std::string file;  // absolute path of the .c file
  std::string output;  // object file, relative to directory
};

// Picks the kernel C compilations out of `make -n` output: simple commands
// run by `compiler` that compile (-c) one .c file for the kernel
// (-D__KERNEL__). Host tools and assembler files are not translation units
// of the kernel and are skipped.
std::vector<CompileCommand> parseDryRun(const std::string &makeOutput,
                                        const std::string &compiler,
                                        const std::string &directory);

void writeCompileDatabase(const std::string &path,
                          const std::vector<CompileCommand> &commands);

// Reads compile_commands.json with "arguments" or "command" entries (the
// kernel's scripts/clang-tools/gen_compile_commands.py writes "command").
// Throws InputError on a malformed file.
std::vector<CompileCommand> loadCompileDatabase(const std::string &path);
// The same from text; InputError "<source>: <key>: ..." on a wrong shape.
std::vector<CompileCommand> parseCompileDatabase(const std::string &text,
                                                 const std::string &source);

}  // namespace kconv
