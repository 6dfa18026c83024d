#include "qemu/qemu_boot.h"

#include "core/regex.h"

#include <chrono>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "kernel/log_watch.h"
#include "kernel/process.h"
#include "qemu/device_tree.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

std::string megabytes(uint64_t bytes) { return std::to_string(bytes >> 20) + "M"; }

std::vector<std::string> machineCommandLine(const QemuOptions &o, const std::string &dumpDtb) {
  const GuestMachine &m = o.machine;
  std::vector<std::string> argv = {m.qemu};
  argv.insert(argv.end(), m.machineArgs.begin(), m.machineArgs.end());
  if (!dumpDtb.empty()) argv[2] += ",dumpdtb=" + dumpDtb;  // after "-machine"
  argv.insert(argv.end(), {"-m", std::to_string(m.memoryMb), "-smp", "1",
                           "-kernel", o.kernel, "-initrd", o.initrd,
                           "-append", kernelCommandLine(o),
                           "-display", "none", "-monitor", "none", "-no-reboot",
                           "-serial", "file:" + o.consoleLog});
  if (m.resultsDevice == "/dev/ttyS1") {
    argv.insert(argv.end(), {"-serial", "file:" + o.resultsLog});
  } else {
    // One port, no multiport: the console exists as soon as the driver
    // probes (with multiport, ports come later over the control queue).
    argv.insert(argv.end(), {"-chardev", "file,id=results,path=" + o.resultsLog,
                             "-device", "virtio-serial-device,max_ports=1",
                             "-device", "virtconsole,chardev=results"});
  }
  if (dumpDtb.empty() && m.pmemMethod == PmemMethod::DeviceTree)
    argv.insert(argv.end(), {"-dtb", o.dtb});
  return argv;
}

}  // namespace

std::string kernelCommandLine(const QemuOptions &o) {
  const GuestMachine &m = o.machine;
  std::string cmdline =
      "console=" + m.console + ",115200 loglevel=7 rdinit=/init "
      // A crash ends the run: oopses panic, a panic reboots at once, and
      // -no-reboot turns the reboot into QEMU's exit.
      "panic=-1 oops=panic "
      // A task stuck on a leaked reference (memunmap_pages, truncate of a
      // pinned DAX file) is reported within the run, not after it.
      "sysctl.kernel.hung_task_timeout_secs=30 "
      // One THP size for every run, whatever the kernel's default.
      "transparent_hugepage=madvise";
  if (m.pmemMethod == PmemMethod::Memmap) {
    for (const MemoryRegion &r : {m.daxPmem, m.plainPmem})
      cmdline += " memmap=" + megabytes(r.size) + "!" + megabytes(r.start);
    for (const MemoryRegion &r : m.coherent)
      cmdline += " memmap=" + megabytes(r.size) + "$" + megabytes(r.start);
  }
  if (m.kernelMemoryLimit) cmdline += " mem=" + megabytes(m.kernelMemoryLimit);
  return cmdline;
}

std::vector<std::string> qemuCommandLine(const QemuOptions &o) { return machineCommandLine(o, ""); }

void requireQemu(const GuestMachine &m) {
  if (findProgram(m.qemu).empty())
    throw InputError("missing tool: " + m.qemu + " (apt-get install " + m.qemuPackage + ")");
}

void writeGuestDeviceTree(const QemuOptions &o, const std::string &logPath) {
  requireQemu(o.machine);
  std::string dumped = o.dtb + ".qemu";
  fs::remove(dumped);
  ProcessOptions po;
  po.logPath = logPath;
  po.timeoutSeconds = 60;
  ProcessResult r = runProcess(machineCommandLine(o, dumped), po);
  if (r.exitCode != 0 || !fs::exists(dumped))
    throw InputError(o.machine.qemu + " could not dump its device tree", logPath);
  std::string dtb = addPmemRegions(readFile(dumped), {o.machine.daxPmem, o.machine.plainPmem});
  writeFileAtomically(o.dtb, dtb);
  fs::remove(dumped);
}

QemuRun bootQemu(const QemuOptions &o) {
  requireQemu(o.machine);
  const std::string &qemu = o.machine.qemu;
  fs::remove(o.consoleLog);
  fs::remove(o.resultsLog);
  auto start = std::chrono::steady_clock::now();
  ProcessOptions po;
  po.logPath = o.consoleLog + ".qemu";
  po.timeoutSeconds = o.timeoutSeconds;
  ProcessResult r;
  {
    LogWatcher watch(o.resultsLog, !o.progress ? LogWatcher::Callback() :
                     [&](unsigned s, const std::string &line) {
                       o.progress(progressLine("QEMU guest", s, line));
                     });
    r = runProcess(qemuCommandLine(o), po);
  }
  QemuRun run;
  run.exitCode = r.exitCode;
  run.timedOut = r.timedOut;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.timedOut && r.exitCode < 0)
    throw InputError(qemu + " could not run: " + r.error, po.logPath);
  if (!fs::exists(o.consoleLog))
    throw InputError(qemu + " wrote no console log", po.logPath);
  return run;
}

double guestBootSeconds(const std::string &console) {
  static const Regex marker(R"(\[\s*(\d+\.\d+)\] kconv-guest: init started)");
  Regex::Match m;
  if (!marker.search(console, &m)) return -1;
  return std::stod(m[1]);
}

}  // namespace kconv
