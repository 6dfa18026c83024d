// Boots the test kernel in QEMU under TCG (no KVM here) and lets the guest
// run to its end. Two serial ports, both captured to files in full:
// ttyS0 is the kernel console, ttyS1 carries only the guest's results.
// A crash ends the run (panic=-1 with -no-reboot: the first panic exits
// QEMU; oops=panic turns every oops into one), and a hard timeout bounds
// everything else.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kconv {

struct MemoryRegion {
  uint64_t start = 0;  // guest physical
  uint64_t size = 0;
};

struct QemuOptions {
  std::string kernel;  // bzImage
  std::string initrd;
  std::string consoleLog;  // ttyS0
  std::string resultsLog;  // ttyS1
  unsigned memoryMb = 1024;
  std::vector<MemoryRegion> pmem;  // carved out of RAM with memmap=SIZE!START
  std::vector<MemoryRegion> reserved;  // memmap=SIZE$START: device-coherent memory for test_hmm
  unsigned timeoutSeconds = 0;
  // While the guest runs: "<...> m:ss <last result line>", once a second.
  std::function<void(const std::string &)> progress;
};

struct QemuRun {
  int exitCode = -1;
  bool timedOut = false;
  double seconds = 0;  // wall clock, QEMU start to exit
};

// The kernel command line (memmap=, console, panic and hang settings).
std::string kernelCommandLine(const QemuOptions &options);

std::vector<std::string> qemuCommandLine(const QemuOptions &options);

// Throws InputError when qemu-system-x86_64 is not installed.
void requireQemu();

// Throws InputError when QEMU is missing or cannot start.
QemuRun bootQemu(const QemuOptions &options);

// Seconds from kernel start to the guest init's first kernel-log marker,
// read from the console's printk timestamps; negative if not found.
double guestBootSeconds(const std::string &consoleLog);

}  // namespace kconv
