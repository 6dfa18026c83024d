#include "kernel/arches.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/utsname.h>

#include "core/errors.h"
#include "core/text_escape.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

std::string hostMachine() {
  struct utsname u;
  return ::uname(&u) == 0 ? u.machine : "x86_64";
}


// The select line of one arch/<dir>/Kconfig, whatever its condition.
bool selectsDevmap(const fs::path &kconfig) {
  std::ifstream in(kconfig);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string select, symbol;
    if (words >> select >> symbol && select == "select" && symbol == "ARCH_HAS_PTE_DEVMAP")
      return true;
  }
  return false;
}

}  // namespace

std::string hostArch() {
  std::string m = hostMachine();
  if (m == "x86_64") return "x86_64";
  if (m == "aarch64") return "arm64";
  if (m.rfind("ppc", 0) == 0) return "powerpc";
  if (m.rfind("riscv", 0) == 0) return "riscv";
  if (m.rfind("loongarch", 0) == 0) return "loongarch";
  return m;
}

std::string srcArchOf(const std::string &arch) {
  if (arch == "x86_64" || arch == "i386" || arch == "x86") return "x86";
  if (arch == "aarch64") return "arm64";
  return arch;
}

std::vector<std::string> devmapArches(const std::string &treeRoot) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(fs::path(treeRoot) / "arch", ec)) {
    if (!e.is_directory() || !selectsDevmap(e.path() / "Kconfig")) continue;
    std::string dir = e.path().filename().string();
    out.push_back(dir == "x86" ? "x86_64" : dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> parseArchList(const std::string &spec, const KernelTree &tree) {
  std::string host = hostArch();
  std::vector<std::string> out;
  auto add = [&](const std::string &a) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  };
  if (spec.empty()) return {host};
  if (spec.back() == ',') throw InputError("--arch: an empty name in \"" + escapeLine(spec) + "\"");
  std::istringstream parts(spec);
  for (std::string a; std::getline(parts, a, ',');) {
    if (a == "all") {
      std::vector<std::string> devmap = devmapArches(tree.root);
      if (std::find(devmap.begin(), devmap.end(), host) != devmap.end()) add(host);
      for (const std::string &d : devmap) add(d);
      continue;
    }
    if (a == "x86") a = "x86_64";
    if (a.empty() || a.size() > 32 || a.find_first_of("/.") != std::string::npos ||
        !fs::is_directory(fs::path(tree.root) / "arch" / srcArchOf(a)))
      throw InputError("--arch: no arch/" + escapeLine(srcArchOf(a)) + " in " + tree.root +
                       " (names are ARCH= values: x86_64, arm64, powerpc, riscv, loongarch, or all)");
    add(a);
  }
  if (out.empty()) throw InputError("--arch: no architecture in \"" + escapeLine(spec) + "\"");
  // The host's first: its build is the one the other commands share.
  auto h = std::find(out.begin(), out.end(), host);
  if (h != out.end()) std::rotate(out.begin(), h, h + 1);
  return out;
}

KernelTree forArch(const KernelTree &tree, const std::string &arch) {
  KernelTree t = tree;
  if (arch == hostArch()) return t;  // keeps uname's name: the cache keys stay
  t.arch = arch;
  t.srcArch = srcArchOf(arch);
  return t;
}

bool isCrossArch(const KernelTree &tree) { return tree.arch != hostMachine(); }

}  // namespace kconv
