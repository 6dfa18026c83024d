#include "kernel/checkpatch.h"

#include "core/regex.h"

#include <filesystem>
#include <sstream>

#include "core/atomic_file.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

CheckpatchResult runCheckpatch(const std::string &treeRoot, const std::string &patchFile,
                               const std::vector<std::string> &ignore) {
  CheckpatchResult r;
  r.patch = fs::path(patchFile).filename().string();
  std::string log = patchFile + ".checkpatch";
  ProcessOptions po;
  po.workingDir = treeRoot;
  po.logPath = log;
  std::vector<std::string> argv = {"perl", treeRoot + "/scripts/checkpatch.pl", "--color=never",
                                   "--show-types"};
  if (!ignore.empty()) {
    std::string list;
    for (const std::string &t : ignore) list += (list.empty() ? "" : ",") + t;
    argv.push_back("--ignore=" + list);
  }
  argv.push_back(patchFile);
  runProcess(argv, po);
  static const Regex total(R"(total: (\d+) errors, (\d+) warnings, (?:(\d+) checks, )?)");
  std::istringstream in(readFile(log));
  std::string line;
  while (std::getline(in, line)) {
    Regex::Match m;
    if (total.search(line, &m)) {
      r.errors = std::stoi(m[1]);
      r.warnings = std::stoi(m[2]);
      r.checks = m.matched(3) ? std::stoi(m[3]) : 0;
    } else if (line.rfind("ERROR:", 0) == 0 || line.rfind("WARNING:", 0) == 0 ||
               line.rfind("CHECK:", 0) == 0) {
      r.messages.push_back(line);
    }
  }
  return r;
}

nlohmann::json toJson(const CheckpatchResult &r) {
  return {{"patch", r.patch}, {"errors", r.errors}, {"warnings", r.warnings},
          {"checks", r.checks}, {"messages", r.messages}};
}

}  // namespace kconv
