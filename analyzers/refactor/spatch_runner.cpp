#include "refactor/spatch_runner.h"

#include <filesystem>

#include "core/atomic_file.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv::refactor {

namespace {

std::string firstLine(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "no output" : line;
}

}  // namespace

SpatchResult runSpatch(const std::string &cocciFile,
                       const std::map<std::string, std::string> &files,
                       const std::vector<Location> &sites, const std::string &workDir) {
  SpatchResult r;
  if (findProgram("spatch").empty()) {
    r.error = "missing tool: spatch (apt-get install coccinelle)";
    return r;
  }
  std::string root = (fs::path(workDir) / "files").string() + "/";
  std::error_code ec;
  fs::remove_all(root, ec);
  std::vector<std::string> argv = {"spatch", "--sp-file", cocciFile, "-D", "patch",
                                   "--in-place", "--very-quiet", "--no-includes",
                                   "--timeout", "300"};
  for (const auto &[path, content] : files) {
    fs::path copy = root + path;
    fs::create_directories(copy.parent_path());
    writeFileAtomically(copy.string(), content);
    argv.push_back(copy.string());
  }
  std::string list;
  for (const Location &l : sites)
    list += (list.empty() ? "" : ",") + l.file + ":" + std::to_string(l.line) + ":" +
            std::to_string(l.column);
  std::string log = workDir + "/spatch.log";
  ProcessOptions po;
  po.logPath = log;
  po.timeoutSeconds = 1800;
  po.extraEnv = {"KCONV_SITES=" + list, "KCONV_ROOT=" + root};
  ProcessResult pr = runProcess(argv, po);
  if (pr.exitCode != 0) {
    r.error = "spatch " + fs::path(cocciFile).filename().string() + ": " +
              (pr.timedOut ? "timed out" : firstLine(readFile(log)));
    return r;
  }
  for (const auto &[path, content] : files) r.contents[path] = readFile(root + path);
  r.ok = true;
  return r;
}

}  // namespace kconv::refactor
