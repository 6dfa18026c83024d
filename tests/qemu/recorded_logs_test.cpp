// The parsers and the splat scanner on consoles and result streams recorded
// from real `kconv test` runs (tests/fixtures/qemu/<run>/): what the report
// of each run must say.
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "qemu/guest_output.h"
#include "qemu/splat_scanner.h"
#include "qemu/harness_report.h"
#include "qemu/harness_results.h"

namespace kconv {
namespace {

struct Recorded {
  std::string console, results;
  TestReport report;
};

Recorded load(const std::string &run) {
  std::string dir = std::string(KCONV_TEST_FIXTURES) + "/qemu/" + run;
  Recorded r{readFile(dir + "/console.log"), readFile(dir + "/guest-results.log"), {}};
  CollectedResults c = collectResults(parseGuestOutput(r.results), r.console);
  r.report.tests = c.tests;
  r.report.errors = c.errors;
  for (Splat &s : scanForSplats(r.console))
    r.report.splats.push_back({s, sectionAtLine(r.console, s.line)});
  return r;
}

const TestOutcome *find(const TestReport &r, const std::string &kind, const std::string &name) {
  for (const TestOutcome &t : r.tests)
    if (t.kind == kind && t.name == name) return &t;
  return nullptr;
}

TEST(RecordedRun, V612PassesWithEveryKind) {
  Recorded r = load("v6.12-pass");
  EXPECT_TRUE(r.report.errors.empty());
  EXPECT_TRUE(r.report.splats.empty());
  auto kinds = summarizeByKind(r.report.tests);
  EXPECT_EQ(kinds["kunit"].run, 14u);
  EXPECT_EQ(kinds["kunit"].passed, 14u);
  EXPECT_EQ(kinds["hmm-tests"].run, 58u);
  EXPECT_EQ(kinds["hmm-tests"].passed, 54u);
  EXPECT_EQ(kinds["hmm-tests"].skipped, 4u);
  EXPECT_EQ(kinds["fsdax"].passed, 9u);
  EXPECT_EQ(kinds["guest"].passed, 10u);
  EXPECT_TRUE(r.report.passed());
  const TestOutcome *t = find(r.report, "kunit", "kconv_zone_device_refcount.private_memunmap_waits_for_pages");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Passed);
  t = find(r.report, "hmm-tests", "hmm.hmm_device_coherent.migrate");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Passed);
  t = find(r.report, "hmm-tests", "hmm.hmm_device_private.compound");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Skipped);
  EXPECT_EQ(t->directive, "SKIP Huge page size could not be determined");
}

// The same suites on arm64 (qemu-system-aarch64 -M virt, ttyAMA0 console,
// results on hvc0, pmem from the device tree's pmem-region node): the same
// counts as x86_64, read by the same parsers.
TEST(RecordedRun, V612Arm64PassesWithEveryKind) {
  Recorded r = load("v6.12-arm64-pass");
  EXPECT_TRUE(r.report.errors.empty());
  EXPECT_TRUE(r.report.splats.empty());
  auto kinds = summarizeByKind(r.report.tests);
  EXPECT_EQ(kinds["kunit"].passed, 14u);
  EXPECT_EQ(kinds["hmm-tests"].run, 58u);
  EXPECT_EQ(kinds["hmm-tests"].passed, 54u);
  EXPECT_EQ(kinds["fsdax"].passed, 9u);
  EXPECT_EQ(kinds["guest"].passed, 10u);
  EXPECT_TRUE(r.report.passed());
  EXPECT_NE(r.console.find("Machine model: linux,dummy-virt"), std::string::npos);
  EXPECT_NE(r.console.find("EXT4-fs (pmem0): mounted"), std::string::npos);
  const TestOutcome *t = find(r.report, "fsdax", "pmd_fault_refcount");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Passed);
}

}  // namespace
}  // namespace kconv

namespace kconv {
namespace {

// tests/qemu/broken/6.12-private-page-free-leaks-pgmap-ref.patch: freed
// device pages keep their pgmap reference, memunmap_pages() never returns.
// What a leaked pgmap reference must fail, on every architecture: the
// KUnit tests that free device pages, hmm-tests' migrate_release, the
// rmmod of test_hmm, and a hung task during KUnit first.
void expectLeakedPgmapRefCaught(const Recorded &r) {
  EXPECT_FALSE(r.report.passed());
  for (const char *name : {"private_alloc_get_put", "private_free_and_reuse",
                           "private_all_pages_freed_once", "private_memunmap_waits_for_pages",
                           "coherent_alloc_get_put", "coherent_memunmap_waits_for_pages"}) {
    const TestOutcome *t = find(r.report, "kunit", std::string("kconv_zone_device_refcount.") + name);
    ASSERT_NE(t, nullptr) << name;
    EXPECT_EQ(t->status, TestStatus::Failed) << name;
  }
  // Pages that are never allocated do not notice.
  EXPECT_EQ(find(r.report, "kunit", "kconv_zone_device_refcount.private_fresh_pages")->status,
            TestStatus::Passed);
  const TestOutcome *t = find(r.report, "hmm-tests", "hmm.hmm_device_private.migrate_release");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Failed);
  EXPECT_EQ(find(r.report, "guest", "rmmod-test_hmm")->status, TestStatus::Failed);
  ASSERT_FALSE(r.report.splats.empty());
  EXPECT_EQ(r.report.splats[0].splat.kind, "hung-task");
  EXPECT_EQ(r.report.splats[0].section, "kunit");
}

TEST(RecordedRun, V612LeakedPgmapRefIsCaughtByName) {
  Recorded r = load("v6.12-broken-pgmap-ref");
  expectLeakedPgmapRefCaught(r);
  const TestOutcome *t = find(r.report, "kunit", "kconv_zone_device_refcount.private_alloc_get_put");
  EXPECT_EQ(failureSummary(t->name, t->log),
            "kconv-extmod/refcount/kconv_refcount_test.c:182: memunmap_pages(device-private) "
            "still waiting after 10000 ms: a page or pgmap reference leaked");
  t = find(r.report, "hmm-tests", "hmm.hmm_device_private.migrate_release");
  EXPECT_EQ(failureSummary(t->name, t->log), "# migrate_release: Test terminated by timeout");
  ASSERT_FALSE(r.report.splats.empty());
  EXPECT_EQ(r.report.splats[0].splat.text,
            "INFO: task kconv_memunmap:37 blocked for more than 30 seconds.");
}

// The same broken kernel built and booted for arm64 (KCONV_TEST_ARCH=arm64
// run_broken_kernel.sh): caught by the same tests, the same hang.
TEST(RecordedRun, V612Arm64LeakedPgmapRefIsCaughtByName) {
  Recorded r = load("v6.12-arm64-broken-pgmap-ref");
  expectLeakedPgmapRefCaught(r);
  EXPECT_EQ(summarizeByKind(r.report.tests)["fsdax"].passed, 9u) << "FS-DAX is not affected";
}

// Debian's 6.1.192 on arm64 cannot create a device-private pgmap: its
// request_free_mem_region() picks a range just under 2^48 (kernel/resource.c
// bounds it by the generic PHYSMEM_END; v6.12's arm64 memory.h defines
// PHYSMEM_END as __pa(PAGE_END - 1), what the linear map and vmemmap cover),
// whose struct pages fall outside VMEMMAP_START..END: vmemmap_populate()
// warns, page_init_poison() faults, oops=panic ends the run. A real kernel
// failure, reported as such: the crash inside KUnit, the tests it never ran.
TEST(RecordedRun, V61Arm64DevicePrivatePgmapOopsIsACrashNotAPass) {
  Recorded r = load("v6.1-arm64-private-pgmap-oops");
  EXPECT_FALSE(r.report.passed());
  ASSERT_EQ(r.report.splats.size(), 3u);
  EXPECT_EQ(r.report.splats[0].splat.kind, "warning");
  EXPECT_NE(r.report.splats[0].splat.text.find("arch/arm64/mm/mmu.c:1222 vmemmap_populate"),
            std::string::npos);
  EXPECT_EQ(r.report.splats[1].splat.kind, "oops");
  for (const ReportedSplat &s : r.report.splats) EXPECT_EQ(s.section, "kunit");
  auto kinds = summarizeByKind(r.report.tests);
  EXPECT_EQ(kinds["kunit"].passed, 1u);
  EXPECT_EQ(kinds["kunit"].crashed, 13u);
  bool neverRan = false;
  for (const std::string &e : r.report.errors) neverRan |= e == "hmm-tests: never ran";
  EXPECT_TRUE(neverRan);
}

}  // namespace
}  // namespace kconv

namespace kconv {
namespace {

// tests/qemu/broken/6.12-fsdax-put-leaks-page-ref.patch: every put of an
// FS-DAX page leaks a reference; pins never go away, truncate waits.
TEST(RecordedRun, V612LeakedFsdaxRefIsCaughtByName) {
  Recorded r = load("v6.12-broken-fsdax-ref");
  EXPECT_FALSE(r.report.passed());
  EXPECT_TRUE(r.report.errors.empty());
  auto kinds = summarizeByKind(r.report.tests);
  EXPECT_EQ(kinds["fsdax"].run, 9u);
  EXPECT_EQ(kinds["fsdax"].failed, 6u);
  EXPECT_EQ(kinds["hmm-tests"].failed, 0u) << "device-private paths are not affected";
  const TestOutcome *t = find(r.report, "kunit", "kconv_zone_device_refcount.fsdax_get_put_idle");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Failed);
  t = find(r.report, "fsdax", "truncate_while_pinned_pte");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Failed);
  EXPECT_EQ(failureSummary(t->name, t->log),
            "# truncate_while_pinned_pte: truncate of a pinned pte-mapped file still blocked "
            "20 s after the pin was dropped: a page reference leaked");
  t = find(r.report, "fsdax", "odirect_from_pte_mapping");
  EXPECT_EQ(failureSummary(t->name, t->log),
            "# odirect_from_pte_mapping: pte pages after O_DIRECT: pfn 0x20a00 refcount 2, expected 1");
  EXPECT_EQ(find(r.report, "fsdax", "pte_fault_refcount")->status, TestStatus::Passed);
  ASSERT_EQ(r.report.splats.size(), 1u);
  EXPECT_EQ(r.report.splats[0].splat.kind, "warning");
  EXPECT_EQ(r.report.splats[0].section, "fsdax");
}


// Debian's 6.1.192, unpatched: a truncate racing O_DIRECT writes from a
// DAX mapping stays blocked in ext4_break_layouts() although every pmem
// page is back at the idle refcount (5 runs of 6 on this machine; never
// seen on 6.12): the wake-up was missed, not a reference leaked, and the
// report must say which.
TEST(RecordedRun, V61FsdaxRaceNamesAMissedWakeup) {
  Recorded r = load("v6.1-fsdax-race-hang");
  EXPECT_FALSE(r.report.passed());
  auto kinds = summarizeByKind(r.report.tests);
  EXPECT_EQ(kinds["fsdax"].run, 9u);
  EXPECT_EQ(kinds["fsdax"].failed, 2u);
  EXPECT_EQ(kinds["kunit"].passed, 14u);
  const TestOutcome *t = find(r.report, "fsdax", "odirect_racing_truncate");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->status, TestStatus::Failed);
  EXPECT_EQ(failureSummary(t->name, t->log),
            "# odirect_racing_truncate: truncate/refill still blocked with the O_DIRECT writer gone; "
            "every pmem page is back at the idle refcount: a missed wakeup");
  bool stack = false;
  for (const std::string &line : t->log) stack |= line.find("ext4_break_layouts") != std::string::npos;
  EXPECT_TRUE(stack) << "the stuck task's kernel stack is in the log";
  EXPECT_EQ(find(r.report, "fsdax", "all_pfns_idle_after_free")->status, TestStatus::Failed);
}

}  // namespace
}  // namespace kconv
