// Boots the test kernel in QEMU under TCG (no KVM here) and lets the guest
// run to its end. Two serial ports, both captured to files in full: the
// kernel console (ttyS0, arm64's ttyAMA0) and a port that carries only the
// guest's results (ttyS1, arm64's virtio console hvc0).
// A crash ends the run (panic=-1 with -no-reboot: the first panic exits
// QEMU; oops=panic turns every oops into one), and a hard timeout bounds
// everything else.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "qemu/guest_machine.h"

namespace kconv {

struct QemuOptions {
  GuestMachine machine;  // the memory plan, devices and QEMU binary
  std::string kernel;  // bzImage, Image
  std::string initrd;
  std::string dtb;  // PmemMethod::DeviceTree: the device tree to boot with
  std::string consoleLog;
  std::string resultsLog;
  unsigned timeoutSeconds = 0;
  // While the guest runs: "<...> m:ss <last result line>", once a second.
  std::function<void(const std::string &)> progress;
};

struct QemuRun {
  int exitCode = -1;
  bool timedOut = false;
  double seconds = 0;  // wall clock, QEMU start to exit
};

// The kernel command line (console, memmap= or mem=, panic and hang settings).
std::string kernelCommandLine(const QemuOptions &options);

std::vector<std::string> qemuCommandLine(const QemuOptions &options);

// Throws InputError when the machine's QEMU is not installed.
void requireQemu(const GuestMachine &machine);

// PmemMethod::DeviceTree: QEMU's device tree for `options` (same machine,
// memory and devices; -machine ...,dumpdtb=) with the pmem regions added,
// written to options.dtb. Throws InputError when QEMU cannot dump it.
void writeGuestDeviceTree(const QemuOptions &options, const std::string &logPath);

// Throws InputError when QEMU is missing or cannot start.
QemuRun bootQemu(const QemuOptions &options);

// Seconds from kernel start to the guest init's first kernel-log marker,
// read from the console's printk timestamps; negative if not found.
double guestBootSeconds(const std::string &consoleLog);

}  // namespace kconv
