#include "qemu/harness_config.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/rule_pack.h"
#include "kernel/cache_dir.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// Bumped when the configuration recipe changes, so old build directories
// are configured again rather than trusted.
constexpr const char *kRecipe = "test-config-v1";

std::string stampFor(const KernelMake &make, const std::string &fragment) {
  return shortHash(std::string(kRecipe) + '\0' + make.tree.root + '\0' +
                       make.tree.version + '\0' + fragment, 40);
}

}  // namespace

std::vector<std::string> testConfigFragments(const std::string &arch) {
  std::string dir = dataDir() + "/ci/config/";
  std::vector<std::string> out = {dir + "refcount-qemu.config"};
  std::string own = dir + "refcount-qemu-" + arch + ".config";
  if (fs::exists(own)) out.push_back(own);
  return out;
}

std::string describeTestConfig(const std::vector<std::string> &fragments) {
  std::string out = "tinyconfig";
  for (const std::string &f : fragments) out += " + " + fs::path(f).filename().string();
  return out;
}

std::vector<DroppedOption> droppedFromFragment(const std::string &fragment,
                                               const std::string &dotConfig) {
  return droppedOptions(parseKconfig(fragment), parseKconfig(dotConfig));
}

TestConfig configureTestKernel(const KernelMake &make, const std::vector<std::string> &fragments,
                               bool tolerateDropped) {
  auto start = std::chrono::steady_clock::now();
  TestConfig result;
  std::string fragment;
  for (const std::string &f : fragments) fragment += readFile(f) + "\n";
  fs::path dir = make.buildDir;
  std::string stampPath = (dir / "kconv-config-stamp").string();
  std::string stamp = stampFor(make, fragment);
  if (fs::exists(stampPath) && fs::exists(dir / ".config") && readFile(stampPath) == stamp) {
    result.reused = true;
    return result;
  }
  fs::remove(stampPath);
  make.run({"tinyconfig"}, "tinyconfig", "make tinyconfig");
  {
    std::ofstream dotConfig(dir / ".config", std::ios::app);
    dotConfig << "\n" << fragment;
  }
  make.run({"olddefconfig"}, "olddefconfig", "make olddefconfig");
  auto dropped = droppedFromFragment(fragment, readFile((dir / ".config").string()));
  if (!dropped.empty() && !tolerateDropped)
    throw InputError("options dropped by olddefconfig for " + make.tree.root + ": " +
                     describe(dropped) + " (see " + (dir / ".config").string() + ")");
  writeFileAtomically(stampPath, stamp);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace kconv
