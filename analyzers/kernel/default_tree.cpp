#include "kernel/default_tree.h"

#include <filesystem>
#include <unistd.h>

#include "core/errors.h"
#include "kernel/cache_dir.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

static void installPackage(const std::string &tarball) {
  if (fs::exists(tarball)) return;
  if (::geteuid() != 0 || findProgram("apt-get").empty())
    throw InputError(std::string(kDefaultKernelPackage) +
                     " is not installed: apt-get install " + kDefaultKernelPackage);
  ProcessOptions po;
  po.extraEnv = {"DEBIAN_FRONTEND=noninteractive"};
  runProcess({"apt-get", "install", "-y", kDefaultKernelPackage}, po);
  if (!fs::exists(tarball))
    throw InputError("could not install " + std::string(kDefaultKernelPackage));
}

std::string ensureDefaultTree(const std::function<void(const std::string &)> &status) {
  fs::path src = fs::path(cacheDir()) / "src";
  fs::path tree = src / kDefaultKernelPackage;
  if (fs::exists(tree / "Makefile")) return tree.string();

  if (status) status("unpacking the default tree (first run only)");
  std::string tarball = std::string("/usr/src/") + kDefaultKernelPackage + ".tar.xz";
  installPackage(tarball);
  fs::create_directories(src);
  FileLock lock((src / ".unpack.lock").string());
  if (fs::exists(tree / "Makefile")) return tree.string();  // another run did it
  // Unpack beside the final place and rename, so an interrupted unpack never
  // leaves a half tree that looks complete.
  fs::path tmp = src / (std::string(".unpack-") + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  ProcessOptions po;
  po.workingDir = tmp.string();
  po.logPath = (src / "unpack.log").string();
  ProcessResult r = runProcess({"tar", "xf", tarball}, po);
  if (r.exitCode != 0 || !fs::exists(tmp / kDefaultKernelPackage / "Makefile")) {
    fs::remove_all(tmp);
    throw InputError("cannot unpack " + tarball, po.logPath);
  }
  fs::rename(tmp / kDefaultKernelPackage, tree);
  fs::remove_all(tmp);
  return tree.string();
}

}  // namespace kconv
