// kconv scan --arch all on the real linux-source-6.12 tree (label: kernel):
// x86_64, arm64, powerpc and riscv are prepared with `make LLVM=1 ARCH=...`
// and typed by Clang; loongarch, which Debian's Clang 14 cannot build, is
// named with its first error. The arch code that declares and uses devmap
// PTEs is scanned: its sites are verified by its own architecture's Clang
// run, and "other-architecture" is left only for loongarch, saying why.
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "kernel/default_tree.h"
#include "support/run_kconv.h"

namespace kconv {
namespace {

TEST(KernelArchScan, EveryDevmapArchitectureIsTypedOrNamed) {
  std::string tree = ensureDefaultTree();
  std::string out = test::scratchDir() + "/arches.json";
  auto run = test::runKconv({"scan", "--tree", tree, "--arch", "all", "--paths", "arch/arm64/mm",
                             "arch/arm64/include/asm/pgtable.h", "arch/powerpc/mm/book3s64",
                             "arch/riscv/mm", "arch/loongarch", "mm/memory.c", "--format", "json",
                             "-o", out});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_NE(run.err.find("kconv: warning: loongarch cannot be built here: "), std::string::npos)
      << run.err;
  nlohmann::json j = nlohmann::json::parse(readFile(out));
  EXPECT_EQ(j["tree"]["arch"], "x86_64,arm64,powerpc,riscv");
  const nlohmann::json &arches = j["coverage"]["arches"];
  for (const char *a : {"x86_64", "arm64", "powerpc", "riscv"}) {
    EXPECT_GT(arches[a]["parsed"].get<int>(), 0) << a;
    EXPECT_EQ(arches[a]["failed"], 0) << a;
  }
  EXPECT_NE(arches["loongarch"]["error"].get<std::string>().find("error:"), std::string::npos);

  std::set<std::string> verifiedArches;
  unsigned loongarch = 0, arm64Header = 0;
  for (const auto &f : j["findings"]) {
    std::string file = f["file"];
    std::string reason = f["details"].value("unverified_reason", "");
    if (file.rfind("arch/loongarch/", 0) == 0) {
      ++loongarch;
      if (!f["verified"].get<bool>()) {
        EXPECT_EQ(reason, "other-architecture") << file;
        EXPECT_NE(f["details"]["unverified_note"].get<std::string>().find("not built here: "),
                  std::string::npos);
      }
      continue;
    }
    EXPECT_NE(reason, "other-architecture") << file << ":" << f["line"];
    // arm64's pmd_devmap() and friends, typed by the arm64 build.
    if (file == "arch/arm64/include/asm/pgtable.h" && f["verified"].get<bool>()) ++arm64Header;
    if (f["verified"].get<bool>() && f["details"].contains("arches"))
      for (const auto &a : f["details"]["arches"]) verifiedArches.insert(a);
  }
  EXPECT_GT(loongarch, 0u) << "loongarch's own devmap sites are still listed";
  EXPECT_GT(arm64Header, 0u);
  // mm/memory.c is built everywhere; each arch's mm code by its own arch.
  for (const char *a : {"x86_64", "arm64", "powerpc", "riscv"})
    EXPECT_TRUE(verifiedArches.count(a)) << a << " verified no site";
}

}  // namespace
}  // namespace kconv
