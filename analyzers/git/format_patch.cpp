#include "git/format_patch.h"

#include <algorithm>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv::git {

std::vector<std::string> formatPatches(const std::string &repoDir, const std::string &base,
                                       const std::string &tip, const std::string &outDir) {
  std::error_code ec;
  fs::remove_all(outDir, ec);
  fs::create_directories(outDir);
  std::string log = outDir + "/../format-patch.log";
  ProcessOptions po;
  po.logPath = log;
  // No user settings (format.signature, signoff ...) change the files.
  po.extraEnv = {"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"};
  ProcessResult r = runProcess({"git", "-C", repoDir, "format-patch", "--no-signature",
                                "-o", outDir, base + ".." + tip},
                               po);
  if (r.exitCode != 0)
    throw InputError("git format-patch failed: " + readFile(log).substr(0, 200));
  std::vector<std::string> out;
  for (const auto &e : fs::directory_iterator(outDir))
    if (e.path().extension() == ".patch") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kconv::git
