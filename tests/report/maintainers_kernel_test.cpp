// kconv's MAINTAINERS matching against the reference: the kernel's own
// scripts/get_maintainer.pl, run at test time on the real trees (Debian's
// linux-source-6.12, and 6.1 when it is unpacked in the cache). For each
// file, `get_maintainer.pl --no-git --no-rolestats --sections -f FILE` prints
// every section covering the file, most specific first; kconv must find the
// same sections, in an order get_maintainer's ranking allows (it orders
// equal ranks at random), with the same most specific section.
//
// Files: the mm/DAX files the conversion touches, files that exercise X:
// and N: entries, every file with a finding in the real scans of that
// release (tests/fixtures/report/real), and every 3000th C file or header
// of the sorted tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "kernel/cache_dir.h"
#include "kernel/default_tree.h"
#include "kernel/kernel_tree.h"
#include "report/findings_input.h"
#include "kernel/maintainers.h"
#include "kernel/maintainers_matcher.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

const std::vector<std::string> kFixedFiles = {
    "mm/gup.c", "mm/memory.c", "mm/huge_memory.c", "mm/memremap.c",
    "mm/migrate_device.c", "mm/hmm.c", "mm/memory-failure.c", "mm/mprotect.c",
    "mm/swap.c", "mm/rmap.c", "mm/filemap.c", "mm/damon/core.c", "fs/dax.c",
    "fs/ext4/inode.c", "fs/xfs/xfs_file.c", "fs/fuse/dax.c", "fs/nfs/write.c",
    "drivers/dax/device.c", "drivers/dax/bus.c", "drivers/nvdimm/pmem.c",
    "drivers/pci/p2pdma.c", "lib/test_hmm.c",
    "drivers/gpu/drm/nouveau/nouveau_dmem.c",
    "drivers/gpu/drm/amd/amdkfd/kfd_migrate.c", "include/linux/memremap.h",
    "include/linux/mm.h", "include/linux/page-flags.h", "include/linux/pgtable.h",
    "arch/x86/include/asm/pgtable.h", "arch/arm64/include/asm/pgtable.h",
    // X: exclusions (NETWORKING DRIVERS excludes wireless; ARM/Allwinner,
    // Broadcom and i.MX entries live on N: regexes).
    "drivers/net/wireless/ath/ath9k/main.c", "drivers/net/ethernet/intel/e1000/e1000_main.c",
    "arch/arm/mach-imx/cpu.c", "drivers/clk/imx/clk.c", "drivers/pinctrl/sunxi/pinctrl-sunxi.c",
    "arch/arm64/boot/dts/broadcom/Makefile", "Makefile", "MAINTAINERS"};

struct GmResult {
  std::vector<std::string> titles;  // most specific first
};

// Runs get_maintainer.pl from the tree root, as its "is a directory" test
// and the kernel's documentation expect.
GmResult getMaintainer(const std::string &tree, const std::string &file) {
  std::string cmd = "cd '" + tree + "' && ./scripts/get_maintainer.pl --no-git "
                    "--no-rolestats --sections -f '" + file + "' 2>/dev/null";
  GmResult r;
  FILE *p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  // Blocks separated by blank lines; each block's first line is the title.
  std::istringstream in(out);
  bool start = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      start = true;
    } else if (start) {
      r.titles.push_back(line);
      start = false;
    }
  }
  return r;
}

std::vector<std::string> sampleFiles(const std::string &tree, size_t every) {
  std::vector<std::string> all;
  for (auto it = fs::recursive_directory_iterator(tree); it != fs::recursive_directory_iterator(); ++it) {
    std::string ext = it->path().extension().string();
    if (it->is_regular_file() && (ext == ".c" || ext == ".h"))
      all.push_back(fs::relative(it->path(), tree).string());
  }
  std::sort(all.begin(), all.end());
  std::vector<std::string> out;
  for (size_t i = every / 2; i < all.size(); i += every) out.push_back(all[i]);
  return out;
}

// The files of the real findings scanned on this tree's release.
std::vector<std::string> findingFiles(const std::string &tree) {
  std::string version = detectKernelTree(tree).version;
  std::string release = version.substr(0, version.find('.', version.find('.') + 1));
  std::string path = KCONV_REPORT_FIXTURES "/real/v" + release + ".json";
  std::vector<std::string> out;
  if (!fs::exists(path)) return out;
  for (const Finding &f : loadFindingsFile(path).scan.findings) out.push_back(f.location.file);
  return out;
}

struct Agreement {
  unsigned files = 0, sameSections = 0, orderAllowed = 0, sameTop = 0, topTies = 0;
  std::vector<std::string> mismatches;
};

void compareTree(const std::string &tree, Agreement &a) {
  Maintainers m = loadMaintainers(tree + "/MAINTAINERS");
  MaintainersMatcher matcher(m, tree);
  std::vector<std::string> files = kFixedFiles;
  for (const std::string &f : findingFiles(tree)) files.push_back(f);
  for (const std::string &f : sampleFiles(tree, 3000)) files.push_back(f);
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());

  // get_maintainer.pl costs ~0.4 s of CPU a run: two at a time.
  std::vector<GmResult> expected(files.size());
  std::vector<std::thread> workers;
  std::mutex mu;
  size_t next = 0;
  for (int w = 0; w < 2; ++w)
    workers.emplace_back([&] {
      for (;;) {
        size_t i;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (next == files.size()) return;
          i = next++;
        }
        expected[i] = getMaintainer(tree, files[i]);
      }
    });
  for (std::thread &t : workers) t.join();

  for (size_t i = 0; i < files.size(); ++i) {
    std::vector<SectionMatch> got = matcher.match(files[i]);
    std::map<std::string, int> depth;
    std::vector<std::string> mine;
    for (const SectionMatch &s : got) {
      mine.push_back(m.sections[s.section].title);
      depth[mine.back()] = s.depth;
    }
    const std::vector<std::string> &gm = expected[i].titles;
    ++a.files;
    std::vector<std::string> x = mine, y = gm;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    bool same = x == y && !gm.empty();
    bool ordered = same;
    for (size_t k = 1; same && k < gm.size(); ++k)
      if (depth[gm[k - 1]] < depth[gm[k]]) ordered = false;
    bool tie = got.size() > 1 && got[0].depth == got[1].depth;
    a.sameSections += same;
    a.orderAllowed += ordered;
    a.sameTop += same && mine[0] == gm[0];
    a.topTies += tie;
    if (!ordered || (!tie && mine[0] != gm[0]))
      a.mismatches.push_back(files[i] + ": get_maintainer [" +
                             (gm.empty() ? "" : gm[0]) + ", ...] kconv [" +
                             (mine.empty() ? "" : mine[0]) + ", ...]");
  }
}

std::vector<std::string> trees() {
  std::vector<std::string> out = {ensureDefaultTree()};
  fs::path old = fs::path(cacheDir()) / "src/linux-source-6.1";
  if (fs::exists(old / "MAINTAINERS")) out.push_back(old.string());
  return out;
}

TEST(MaintainersKernel, AgreesWithGetMaintainer) {
  for (const std::string &tree : trees()) {
    Agreement a;
    compareTree(tree, a);
    std::cout << tree << ": " << a.files << " files; same sections " << a.sameSections
              << ", order allowed " << a.orderAllowed << ", same most specific "
              << a.sameTop << " (" << a.topTies << " with a tie at the top rank)\n";
    for (const std::string &s : a.mismatches) ADD_FAILURE() << tree << ": " << s;
    EXPECT_EQ(a.sameSections, a.files) << tree;
    EXPECT_EQ(a.orderAllowed, a.files) << tree;
    EXPECT_GE(a.files, 70u);
  }
}

// ~3,000 findings touch fewer distinct files, but match each path anew to
// measure the worst case.
TEST(MaintainersKernel, MatchesThreeThousandFilesQuickly) {
  std::string tree = ensureDefaultTree();
  auto t0 = std::chrono::steady_clock::now();
  Maintainers m = loadMaintainers(tree + "/MAINTAINERS");
  MaintainersMatcher matcher(m, tree);
  auto t1 = std::chrono::steady_clock::now();
  std::vector<std::string> files = sampleFiles(tree, 18);
  files.resize(std::min<size_t>(files.size(), 3000));
  size_t matched = 0;
  auto t2 = std::chrono::steady_clock::now();
  for (const std::string &f : files) matched += !matcher.match(f).empty();
  auto t3 = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  std::cout << m.sections.size() << " sections parsed and compiled in " << ms(t1 - t0)
            << " ms; " << files.size() << " files matched in " << ms(t3 - t2) << " ms\n";
  EXPECT_EQ(matched, files.size());  // THE REST covers every file
  EXPECT_LT(ms(t3 - t2), 10000);
}

}  // namespace
}  // namespace kconv
