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
#include "kernel/arches.h"
#include "kernel/cache_dir.h"
#include "qemu/guest_busybox.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

GuestSettings guestSettings(const GuestMachine &machine, const FreePageConvention &convention,
                            const KernelTree &tree) {
  GuestSettings s;
  s.machine = machine;
  s.convention = convention;
  s.hmmTestsTimeout = hmmTestsBound(readFile(hmmTestsSource(tree)));
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
KernelBuild configureAndBuild(const KernelMake &make, const GuestMachine &machine,
                              TestReport &report, const Status &status) {
  std::vector<std::string> fragments = testConfigFragments(machine.arch);
  status("configuring " + make.tree.version + " for " + machine.arch + " (" +
         describeTestConfig(fragments) + ")");
  TestConfig config = configureTestKernel(make, fragments);
  report.timings.configure = config.seconds;
  report.timings.configReused = config.reused;
  status("building " + make.tree.version + " for " + machine.arch + " (" + machine.imageTarget +
         ", modules, headers)");
  KernelBuild kernel = buildTestKernel(make, machine);
  report.timings.build = kernel.seconds;
  report.timings.incrementalBuild = kernel.incremental;
  return kernel;
}

// Step 3: modules, static programs, pmem images -> the initramfs path.
std::string prepareGuest(const KernelMake &make, const GuestMachine &machine,
                         const KernelBuild &kernel, TestReport &report, const Status &status) {
  status("building the guest programs and modules");
  auto start = std::chrono::steady_clock::now();
  std::string ci = dataDir() + "/ci/guest";
  GuestPrograms programs = buildGuestPrograms(make, machine, kernel, report.convention, report.api, ci);
  std::string busybox = guestBusybox(machine, status);
  std::string guestDir = make.buildDir + "/kconv-guest";
  PmemImages images = makePmemImages(guestDir, machine.daxPmem.size, make.logPath("pmem-images"));
  std::string initrd = guestDir + "/initramfs.cpio";
  writeInitramfs(initrd, ci, kernel, programs, images, guestSettings(machine, report.convention, make.tree),
                 busybox);
  report.timings.guestPrograms = secondsSince(start);
  return initrd;
}

// Step 4: the boot; returns where the two serial ports were captured.
QemuOptions bootGuest(const KernelMake &make, const GuestMachine &machine,
                      const KernelBuild &kernel, const std::string &initrd,
                      const TestRunOptions &options, TestReport &report) {
  QemuOptions qemu;
  qemu.machine = machine;
  qemu.kernel = kernel.image;
  qemu.initrd = initrd;
  std::string guestDir = fs::path(initrd).parent_path().string();
  qemu.consoleLog = guestDir + "/console.log";
  qemu.resultsLog = guestDir + "/guest-results.log";
  qemu.timeoutSeconds = options.qemuTimeoutSeconds;
  qemu.progress = options.status;
  if (machine.pmemMethod == PmemMethod::DeviceTree) {
    qemu.dtb = guestDir + "/guest.dtb";
    writeGuestDeviceTree(qemu, make.logPath("device-tree"));
  }
  if (options.status)
    options.status("booting in QEMU (" + machine.qemu + ", TCG) and running the refcount tests");
  QemuRun run = bootQemu(qemu);
  report.timings.qemu = run.seconds;
  report.qemuTimedOut = run.timedOut;
  report.qemuExitCode = run.exitCode;
  return qemu;
}

}  // namespace

void checkTestTools(const KernelTree &tree, const GuestMachine &machine, const Status &status) {
  checkKernelBuildTools();
  checkOutOfTreeBuildable(tree);
  hmmTestsSource(tree);
  requireStaticCompiler(machine);
  requireMkfsExt4();
  requireQemu(machine);
  guestBusybox(machine, status);
}

TestRunResult runRefcountTests(const TestRunOptions &options) {
  Status status = [&](const std::string &m) {
    if (options.status) options.status(m);
  };
  const GuestMachine &machine = guestMachine(options.arch);
  KernelMake make;
  make.tree = forArch(detectKernelTree(options.treeDir), machine.arch);
  make.jobs = options.jobs;
  make.progress = options.status;
  checkTestTools(make.tree, machine, status);
  make.buildDir = testBuildDir(make.tree);
  FileLock lock(make.buildDir + "/.kconv-test.lock");

  TestRunResult out;
  TestReport &report = out.report;
  report.treePath = make.tree.root;
  report.kernelVersion = make.tree.version;
  report.arch = machine.arch;
  report.buildDir = make.buildDir;
  report.configFragment = describeTestConfig(testConfigFragments(machine.arch));
  report.convention = detectFreePageConvention(make.tree);
  report.api = detectZoneDeviceApi(make.tree);

  KernelBuild kernel = configureAndBuild(make, machine, report, status);
  std::string initrd = prepareGuest(make, machine, kernel, report, status);
  QemuOptions qemu = bootGuest(make, machine, kernel, initrd, options, report);

  std::string console = readFile(qemu.consoleLog);
  std::string results = fs::exists(qemu.resultsLog) ? readFile(qemu.resultsLog) : "";
  collect(report, console, results);
  out.reportDir = options.reportDir.empty() ? make.buildDir + "/report" : options.reportDir;
  writeReport(report, out.reportDir, console, results);
  return out;
}

}  // namespace kconv
