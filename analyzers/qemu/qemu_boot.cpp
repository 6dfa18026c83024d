#include "qemu/qemu_boot.h"

#include "core/regex.h"

#include <chrono>
#include <filesystem>

#include "core/errors.h"
#include "kernel/log_watch.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

constexpr const char *kQemu = "qemu-system-x86_64";

std::string megabytes(uint64_t bytes) { return std::to_string(bytes >> 20) + "M"; }

}  // namespace

std::string kernelCommandLine(const QemuOptions &o) {
  std::string cmdline =
      "console=ttyS0,115200 loglevel=7 rdinit=/init "
      // A crash ends the run: oopses panic, a panic reboots at once, and
      // -no-reboot turns the reboot into QEMU's exit.
      "panic=-1 oops=panic "
      // A task stuck on a leaked reference (memunmap_pages, truncate of a
      // pinned DAX file) is reported within the run, not after it.
      "sysctl.kernel.hung_task_timeout_secs=30 "
      // One THP size for every run, whatever the kernel's default.
      "transparent_hugepage=madvise";
  for (const MemoryRegion &r : o.pmem)
    cmdline += " memmap=" + megabytes(r.size) + "!" + megabytes(r.start);
  for (const MemoryRegion &r : o.reserved)
    cmdline += " memmap=" + megabytes(r.size) + "$" + megabytes(r.start);
  return cmdline;
}

std::vector<std::string> qemuCommandLine(const QemuOptions &o) {
  return {kQemu, "-machine", "pc", "-accel", "tcg", "-cpu", "qemu64",
          "-m", std::to_string(o.memoryMb), "-smp", "1",
          "-kernel", o.kernel, "-initrd", o.initrd,
          "-append", kernelCommandLine(o),
          "-display", "none", "-monitor", "none", "-no-reboot",
          "-serial", "file:" + o.consoleLog,
          "-serial", "file:" + o.resultsLog};
}

void requireQemu() {
  if (findProgram(kQemu).empty())
    throw InputError(std::string("missing tool: ") + kQemu + " (apt-get install qemu-system-x86)");
}

QemuRun bootQemu(const QemuOptions &o) {
  requireQemu();
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
    throw InputError(std::string(kQemu) + " could not run: " + r.error, po.logPath);
  if (!fs::exists(o.consoleLog))
    throw InputError(std::string(kQemu) + " wrote no console log", po.logPath);
  return run;
}

double guestBootSeconds(const std::string &console) {
  static const Regex marker(R"(\[\s*(\d+\.\d+)\] kconv-guest: init started)");
  Regex::Match m;
  if (!marker.search(console, &m)) return -1;
  return std::stod(m[1]);
}

}  // namespace kconv
