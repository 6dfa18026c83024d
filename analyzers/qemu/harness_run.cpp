#include "qemu/harness_run.h"

#include <chrono>
#include <filesystem>
#include <functional>

#include "core/atomic_file.h"
#include "core/rule_pack.h"
#include "qemu/guest_output.h"
#include "qemu/guest_programs.h"
#include "qemu/initramfs.h"
#include "qemu/kernel_build.h"
#include "qemu/pmem_images.h"
#include "qemu/qemu_boot.h"
#include "qemu/refcount_convention.h"
#include "qemu/splat_scanner.h"
#include "qemu/harness_config.h"
#include "qemu/harness_results.h"
#include "kernel/cache_dir.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// Guest memory layout, 2 GiB of RAM with regions carved out of its middle,
// away from the kernel (16 MiB) and the initrd (QEMU puts it at the top):
// two 64 MiB pmem regions (e820 type 12; the gap keeps them two devices)
// and two reserved 256 MiB ranges test_hmm uses as device-coherent memory
// (spm_addr_dev0/1; one DEVMEM_CHUNK_SIZE each).
constexpr unsigned kGuestMemoryMb = 2048;
constexpr MemoryRegion kDaxPmem = {512ull << 20, 64ull << 20};
constexpr MemoryRegion kPlainPmem = {640ull << 20, 64ull << 20};
constexpr MemoryRegion kCoherent0 = {1024ull << 20, 256ull << 20};
constexpr MemoryRegion kCoherent1 = {1280ull << 20, 256ull << 20};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

GuestSettings guestSettings(const FreePageConvention &convention) {
  GuestSettings s;
  s.convention = convention;
  s.pmemStart = kDaxPmem.start;
  s.pmemSize = kDaxPmem.size;
  s.coherentStarts = {kCoherent0.start, kCoherent1.start};
  s.hmmTestsTimeout = 900;
  s.fsdaxTimeout = 300;
  s.stepTimeout = 120;
  return s;
}

void collect(TestReport &report, const std::string &console, const std::string &results) {
  CollectedResults collected = collectResults(parseGuestOutput(results), console);
  report.tests = std::move(collected.tests);
  report.errors = std::move(collected.errors);
  for (Splat &s : scanForSplats(console)) {
    std::string section = sectionAtLine(console, s.line);
    report.splats.push_back({std::move(s), section});
  }
  report.timings.guestBoot = guestBootSeconds(console);
}

void writeReport(const TestReport &report, const std::string &dir,
                 const std::string &console, const std::string &results) {
  fs::create_directories(dir);
  writeFileAtomically(dir + "/" + report.consoleLog, console);
  writeFileAtomically(dir + "/" + report.resultsLog, results);
  writeFileAtomically(dir + "/kconv-test.json", reportJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

using Status = std::function<void(const std::string &)>;

// Steps 1-2: configuration and kernel build, timed into the report.
KernelBuild configureAndBuild(const KernelMake &make, TestReport &report, const Status &status) {
  status("configuring " + make.tree.version + " (tinyconfig + refcount-qemu.config)");
  TestConfig config = configureTestKernel(make, report.configFragment);
  report.timings.configure = config.seconds;
  report.timings.configReused = config.reused;
  status("building " + make.tree.version + " (bzImage, modules, headers)");
  KernelBuild kernel = buildTestKernel(make);
  report.timings.build = kernel.seconds;
  report.timings.incrementalBuild = kernel.incremental;
  return kernel;
}

// Step 3: modules, static programs, pmem images -> the initramfs path.
std::string prepareGuest(const KernelMake &make, const KernelBuild &kernel,
                         TestReport &report, const Status &status) {
  status("building the guest programs and modules");
  auto start = std::chrono::steady_clock::now();
  std::string ci = dataDir() + "/ci/guest";
  GuestPrograms programs = buildGuestPrograms(make, kernel, report.convention, ci);
  std::string guestDir = make.buildDir + "/kconv-guest";
  PmemImages images = makePmemImages(guestDir, kDaxPmem.size, make.logPath("pmem-images"));
  std::string initrd = guestDir + "/initramfs.cpio";
  writeInitramfs(initrd, ci, kernel, programs, images, guestSettings(report.convention));
  report.timings.guestPrograms = secondsSince(start);
  return initrd;
}

// Step 4: the boot; returns where the two serial ports were captured.
QemuOptions bootGuest(const KernelBuild &kernel, const std::string &initrd,
                      const TestRunOptions &options, TestReport &report) {
  if (options.status) options.status("booting in QEMU (TCG) and running the refcount tests");
  QemuOptions qemu;
  qemu.kernel = kernel.bzImage;
  qemu.initrd = initrd;
  std::string guestDir = fs::path(initrd).parent_path().string();
  qemu.consoleLog = guestDir + "/console.log";
  qemu.resultsLog = guestDir + "/guest-results.log";
  qemu.memoryMb = kGuestMemoryMb;
  qemu.pmem = {kDaxPmem, kPlainPmem};
  qemu.reserved = {kCoherent0, kCoherent1};
  qemu.timeoutSeconds = options.qemuTimeoutSeconds;
  qemu.progress = options.status;
  QemuRun run = bootQemu(qemu);
  report.timings.qemu = run.seconds;
  report.qemuTimedOut = run.timedOut;
  report.qemuExitCode = run.exitCode;
  return qemu;
}

}  // namespace

void checkTestTools(const KernelTree &tree) {
  checkKernelBuildTools();
  checkOutOfTreeBuildable(tree);
  hmmTestsSource(tree);
  requireStaticCompiler();
  requireMkfsExt4();
  staticBusybox();
  requireQemu();
}

TestRunResult runRefcountTests(const TestRunOptions &options) {
  Status status = [&](const std::string &m) {
    if (options.status) options.status(m);
  };
  KernelMake make;
  make.tree = detectKernelTree(options.treeDir);
  make.jobs = options.jobs;
  make.progress = options.status;
  checkTestTools(make.tree);
  make.buildDir = testBuildDir(make.tree);
  FileLock lock(make.buildDir + "/.kconv-test.lock");

  TestRunResult out;
  TestReport &report = out.report;
  report.treePath = make.tree.root;
  report.kernelVersion = make.tree.version;
  report.buildDir = make.buildDir;
  report.configFragment = testConfigFragment();
  report.convention = detectFreePageConvention(make.tree);

  KernelBuild kernel = configureAndBuild(make, report, status);
  std::string initrd = prepareGuest(make, kernel, report, status);
  QemuOptions qemu = bootGuest(kernel, initrd, options, report);

  std::string console = readFile(qemu.consoleLog);
  std::string results = fs::exists(qemu.resultsLog) ? readFile(qemu.resultsLog) : "";
  collect(report, console, results);
  out.reportDir = options.reportDir.empty() ? make.buildDir + "/report" : options.reportDir;
  writeReport(report, out.reportDir, console, results);
  return out;
}

}  // namespace kconv
