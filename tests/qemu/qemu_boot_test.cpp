// The QEMU and kernel command lines: what makes a crash end the run and
// where the pmem regions are.
#include <gtest/gtest.h>

#include <algorithm>

#include "qemu/qemu_boot.h"

namespace kconv {
namespace {

QemuOptions options() {
  QemuOptions o;
  o.kernel = "/b/bzImage";
  o.initrd = "/b/initramfs.cpio";
  o.consoleLog = "/b/console.log";
  o.resultsLog = "/b/guest-results.log";
  o.pmem = {{512ull << 20, 64ull << 20}, {640ull << 20, 64ull << 20}};
  o.reserved = {{1024ull << 20, 256ull << 20}};
  return o;
}

TEST(QemuBoot, KernelCommandLineCarvesPmemAndPanicsOnCrash) {
  std::string cmdline = kernelCommandLine(options());
  for (const char *want : {"console=ttyS0", "panic=-1", "oops=panic", "memmap=64M!512M",
                           "memmap=64M!640M", "memmap=256M$1024M", "hung_task_timeout_secs=30"})
    EXPECT_NE(cmdline.find(want), std::string::npos) << want;
}

TEST(QemuBoot, TwoSerialFilesNoRebootNoKvm) {
  std::vector<std::string> argv = qemuCommandLine(options());
  auto has = [&](const std::string &a) { return std::find(argv.begin(), argv.end(), a) != argv.end(); };
  EXPECT_TRUE(has("-no-reboot"));
  EXPECT_TRUE(has("tcg"));
  EXPECT_TRUE(has("file:/b/console.log"));
  EXPECT_TRUE(has("file:/b/guest-results.log"));
  EXPECT_FALSE(has("-enable-kvm"));
  auto serial = std::find(argv.begin(), argv.end(), "file:/b/console.log");
  auto results = std::find(argv.begin(), argv.end(), "file:/b/guest-results.log");
  EXPECT_LT(serial, results) << "ttyS0 must be the console, ttyS1 the results";
}

TEST(QemuBoot, BootTimeFromTheInitMarker) {
  EXPECT_DOUBLE_EQ(guestBootSeconds("[    0.0] Linux\n[    3.250000] kconv-guest: init started\n"), 3.25);
  EXPECT_LT(guestBootSeconds("[    0.0] Linux\n"), 0);
}

}  // namespace
}  // namespace kconv
