// The splat scanner on typical kernel reports (the recorded consoles of
// real runs, clean and broken, are in recorded_logs_test.cpp).
#include <gtest/gtest.h>

#include "qemu/splat_scanner.h"

namespace kconv {
namespace {

TEST(SplatScanner, CleanBootHasNoSplat) {
  EXPECT_TRUE(scanForSplats("[    0.000000] Linux version 6.12.117\n"
                            "[    1.000000] Run /init as init process\n"
                            "[    2.000000] EXT4-fs (pmem0): DAX enabled. Warning: DAX is experimental\n")
                  .empty());
}

TEST(SplatScanner, NamesEachKindAndKeepsTheTrace) {
  std::string log =
      "[    3.1] BUG: Bad page state in process insmod  pfn:1ffff200\n"
      "[    3.2] page dumped because: nonzero _refcount\n"
      "[    4.0] ------------[ cut here ]------------\n"
      "[    4.1] refcount_t: underflow; use-after-free.\n"
      "[    4.2] WARNING: CPU: 0 PID: 1 at lib/refcount.c:28 refcount_warn_saturate+0x10/0x20\n"
      "[    4.3] ---[ end trace 0000000000000000 ]---\n"
      "[    5.0] kernel BUG at mm/memremap.c:500!\n"
      "[    5.1] page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n"
      "[    6.0] INFO: task rmmod:80 blocked for more than 30 seconds.\n"
      "[    7.0] BUG: KASAN: use-after-free in free_zone_device_folio\n"
      "[    8.0] Oops: 0000 [#1] PREEMPT\n"
      "[    9.0] Kernel panic - not syncing: Fatal exception\n";
  std::vector<Splat> s = scanForSplats(log);
  std::vector<std::string> kinds;
  for (const Splat &x : s) kinds.push_back(x.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"bad-page", "refcount", "warning", "bug",
                                             "vm-bug-on", "hung-task", "kasan", "oops",
                                             "panic"}));
  EXPECT_EQ(s[0].line, 1u);
  EXPECT_EQ(s[0].text, "BUG: Bad page state in process insmod  pfn:1ffff200");
  EXPECT_EQ(s[1].context.back(), "---[ end trace 0000000000000000 ]---");
}

}  // namespace
}  // namespace kconv
