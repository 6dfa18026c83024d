#include "kernel/command_relocate.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace kconv {

namespace {

std::string withSlash(std::string s) {
  if (s.empty() || s.back() != '/') s += '/';
  return s;
}

// Replaces `from` where it starts a path: not inside a longer one ("/src/"
// is part of "../../src/", which is the relative form of another path).
void replaceAll(std::string &s, const std::string &from, const std::string &to) {
  for (size_t at = s.find(from); at != std::string::npos;) {
    if (at > 0 && (s[at - 1] == '.' || s[at - 1] == '/')) {
      at = s.find(from, at + 1);
      continue;
    }
    s.replace(at, from.size(), to);
    at = s.find(from, at + to.size());
  }
}

bool startsWith(const std::string &s, const char *p) { return s.rfind(p, 0) == 0; }

}  // namespace

CompileCommand relocateCommand(const CompileCommand &command, const std::string &fromRoot,
                               const std::string &toRoot) {
  std::string from = withSlash(fromRoot), to = withSlash(toRoot);
  std::string relative =
      withSlash(fs::path(fromRoot).lexically_relative(command.directory).string());
  CompileCommand out = command;
  for (std::string &a : out.arguments) {
    replaceAll(a, from, to);
    // Kbuild's O= builds name the source tree as ../../src/linux/...; a
    // path that is only relative in form still means the tree.
    if (relative != from && relative.rfind("../", 0) == 0) replaceAll(a, relative, to);
  }
  replaceAll(out.file, from, to);
  // An in-tree build (the tree's own compile_commands.json) runs in the
  // tree: then the checkout is where the command runs.
  if (withSlash(out.directory).rfind(from, 0) == 0)
    out.directory = to + withSlash(out.directory).substr(from.size());
  return out;
}

std::vector<std::string> syntaxCheckArguments(const CompileCommand &command) {
  std::vector<std::string> out;
  const auto &args = command.arguments;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (startsWith(a, "-Wp,-M") || a == "-MD" || a == "-MMD" || a == "-c") continue;
    if (a == "-MF" || a == "-MT" || a == "-MQ" || a == "-o") {
      ++i;
      continue;
    }
    out.push_back(a);
  }
  out.insert(out.begin() + 1, "-fsyntax-only");
  return out;
}

}  // namespace kconv
