#include "kernel/kernel_tree.h"

#include "core/regex.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sys/utsname.h>

#include "core/errors.h"

namespace fs = std::filesystem;

namespace kconv {

static std::map<std::string, std::string> makefileVariables(
    const fs::path &makefile) {
  std::map<std::string, std::string> vars;
  std::ifstream in(makefile);
  static const Regex assign(R"(^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)\s*=\s*(\S*)\s*$)");
  std::string line;
  for (int n = 0; n < 20 && std::getline(in, line); ++n) {
    Regex::Match m;
    if (assign.fullMatch(line, &m)) vars[m[1]] = m[2];
  }
  return vars;
}

// The arch directory for a uname -m machine name, as the kernel's own
// scripts/subarch.include maps it.
static std::string srcArchFor(const std::string &machine) {
  if (machine == "x86_64" || machine == "i386" || machine == "i686") return "x86";
  if (machine == "aarch64") return "arm64";
  if (machine.rfind("ppc", 0) == 0) return "powerpc";
  if (machine.rfind("riscv", 0) == 0) return "riscv";
  return machine;
}

KernelTree detectKernelTree(const std::string &dir) {
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root))
    throw InputError("not a directory: " + dir);
  auto vars = makefileVariables(root / "Makefile");
  bool layout = fs::is_regular_file(root / "Kconfig") &&
                fs::is_directory(root / "arch") &&
                fs::is_regular_file(root / "include/linux/mm.h");
  if (!vars.count("VERSION") || !vars.count("PATCHLEVEL") || !layout)
    throw InputError("not a kernel tree: " + dir +
                     " (needs a top Makefile with VERSION and include/linux/mm.h)");
  KernelTree tree;
  tree.root = root.string();
  tree.version = vars["VERSION"] + "." + vars["PATCHLEVEL"];
  if (!vars["SUBLEVEL"].empty()) tree.version += "." + vars["SUBLEVEL"];
  tree.version += vars["EXTRAVERSION"];
  struct utsname u;
  tree.arch = ::uname(&u) == 0 ? u.machine : "x86_64";
  tree.srcArch = srcArchFor(tree.arch);
  if (!fs::is_directory(root / "arch" / tree.srcArch))
    throw InputError("kernel tree " + dir + " has no arch/" + tree.srcArch);
  return tree;
}

unsigned versionCode(const KernelTree &tree) {
  unsigned major = 0, minor = 0;
  std::sscanf(tree.version.c_str(), "%u.%u", &major, &minor);
  return major * 100 + minor;
}

}  // namespace kconv
