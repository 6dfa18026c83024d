#include "qemu/kernel_build.h"

#include <chrono>
#include <filesystem>

#include "core/errors.h"

namespace fs = std::filesystem;

namespace kconv {

KernelBuild buildTestKernel(const KernelMake &make, const GuestMachine &machine) {
  auto start = std::chrono::steady_clock::now();
  fs::path dir = make.buildDir;
  KernelBuild build;
  build.incremental = fs::exists(dir / "vmlinux");
  build.log = make.run({machine.imageTarget, "modules", "headers"}, "build", "kernel build");
  build.image = (dir / machine.image).string();
  build.testHmmModule = (dir / "lib/test_hmm.ko").string();
  build.uapiInclude = (dir / "usr/include").string();
  for (const std::string &p : {build.image, build.testHmmModule, build.uapiInclude})
    if (!fs::exists(p))
      throw BuildError("kernel build produced no " + p, build.log);
  build.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return build;
}

}  // namespace kconv
