#include "kernel/kernel_tree.h"

#include "core/regex.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sys/utsname.h>

#include "core/errors.h"

namespace fs = std::filesystem;

namespace kconv {

std::optional<std::string> makefileVersion(const std::string &text, const std::string &source) {
  std::map<std::string, std::string> vars;
  static const Regex assign(R"(^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)\s*=\s*(\S*)\s*$)");
  static const Regex number(R"([0-9]{1,4})"), optionalNumber(R"([0-9]{0,4})");
  // EXTRAVERSION names directories and reports: a short, plain suffix.
  static const Regex extra(R"([-A-Za-z0-9._+~]{0,64})");
  size_t start = 0;
  for (int n = 0; n < 20 && start < text.size(); ++n) {
    size_t end = text.find('\n', start);
    std::string_view line(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
    start = end == std::string::npos ? text.size() : end + 1;
    Regex::Match m;
    if (assign.fullMatch(line, &m)) vars[m[1]] = m[2];
  }
  if (!vars.count("VERSION") || !vars.count("PATCHLEVEL")) return std::nullopt;
  for (const char *key : {"VERSION", "PATCHLEVEL", "SUBLEVEL"})
    if (!(std::string(key) == "SUBLEVEL" ? optionalNumber : number).fullMatch(vars[key]))
      throw InputError(source + ": " + key + ": expected a number");
  if (!extra.fullMatch(vars["EXTRAVERSION"]))
    throw InputError(source + ": EXTRAVERSION: expected at most 64 characters of [-A-Za-z0-9._+~]");
  std::string version = vars["VERSION"] + "." + vars["PATCHLEVEL"];
  if (!vars["SUBLEVEL"].empty()) version += "." + vars["SUBLEVEL"];
  return version + vars["EXTRAVERSION"];
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
  std::ifstream in(root / "Makefile", std::ios::binary);
  std::string head;
  head.resize(64 * 1024);  // the version lines open the Makefile
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  std::optional<std::string> version = makefileVersion(head, (root / "Makefile").string());
  bool layout = fs::is_regular_file(root / "Kconfig") &&
                fs::is_directory(root / "arch") &&
                fs::is_regular_file(root / "include/linux/mm.h");
  if (!version || !layout)
    throw InputError("not a kernel tree: " + dir +
                     " (needs a top Makefile with VERSION and include/linux/mm.h)");
  KernelTree tree;
  tree.root = root.string();
  tree.version = *version;
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
