#include "kernel/compile_db.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/json_reader.h"
#include "kernel/shell_words.h"

namespace fs = std::filesystem;

namespace kconv {

static bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

static bool isKernelCompile(const ShellCommand &cmd, const std::string &compiler) {
  if (cmd.empty() || fs::path(cmd[0]).filename() != fs::path(compiler).filename())
    return false;
  bool compileOnly = std::find(cmd.begin(), cmd.end(), "-c") != cmd.end();
  bool kernel = std::find(cmd.begin(), cmd.end(), "-D__KERNEL__") != cmd.end();
  return compileOnly && kernel && endsWith(cmd.back(), ".c");
}

static std::string outputOf(const ShellCommand &cmd) {
  for (size_t i = 0; i + 1 < cmd.size(); ++i)
    if (cmd[i] == "-o") return cmd[i + 1];
  return "";
}

std::vector<CompileCommand> parseDryRun(const std::string &makeOutput,
                                        const std::string &compiler,
                                        const std::string &directory) {
  std::map<std::string, CompileCommand> byFile;  // last command wins, sorted
  std::istringstream in(makeOutput);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(" -c ") == std::string::npos) continue;
    for (ShellCommand &cmd : splitShellCommands(line)) {
      if (!isKernelCompile(cmd, compiler)) continue;
      CompileCommand cc;
      cc.directory = directory;
      fs::path file = cmd.back();
      cc.file = (file.is_absolute() ? file : fs::path(directory) / file)
                    .lexically_normal()
                    .string();
      cc.output = outputOf(cmd);
      cc.arguments = std::move(cmd);
      byFile[cc.file] = std::move(cc);
    }
  }
  std::vector<CompileCommand> out;
  for (auto &[file, cc] : byFile) out.push_back(std::move(cc));
  return out;
}

void writeCompileDatabase(const std::string &path,
                          const std::vector<CompileCommand> &commands) {
  nlohmann::json db = nlohmann::json::array();
  for (const CompileCommand &cc : commands)
    db.push_back({{"directory", cc.directory},
                  {"arguments", cc.arguments},
                  {"file", cc.file},
                  {"output", cc.output}});
  writeFileAtomically(path, db.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::vector<CompileCommand> loadCompileDatabase(const std::string &path) {
  return parseCompileDatabase(readFile(path), "compilation database " + path);
}

std::vector<CompileCommand> parseCompileDatabase(const std::string &text,
                                                 const std::string &source) {
  nlohmann::json db = JsonReader::parse(text, source);
  JsonReader entries = JsonReader(db, source).expectArray();
  std::vector<CompileCommand> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    JsonReader entry = entries[i].expectObject();
    CompileCommand cc;
    cc.directory = entry.string("directory");
    if (entry.has("arguments")) {
      JsonReader args = entry.at("arguments").expectArray();
      for (size_t k = 0; k < args.size(); ++k) cc.arguments.push_back(args[k].asString());
    } else {
      auto commands = splitShellCommands(entry.string("command"));
      if (!commands.empty()) cc.arguments = commands.front();
    }
    fs::path file = entry.string("file");
    if (file.is_relative()) file = fs::path(cc.directory) / file;
    cc.file = file.lexically_normal().string();
    cc.output = entry.string("output", "");
    if (cc.arguments.empty() || !endsWith(cc.file, ".c")) continue;
    out.push_back(std::move(cc));
  }
  std::sort(out.begin(), out.end(),
            [](const CompileCommand &a, const CompileCommand &b) { return a.file < b.file; });
  return out;
}

}  // namespace kconv
