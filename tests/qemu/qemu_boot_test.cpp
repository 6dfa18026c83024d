// The QEMU and kernel command lines of both guests: what makes a crash end
// the run, where the pmem and device-coherent regions are, which port
// carries the results.
#include <gtest/gtest.h>

#include <algorithm>

#include "qemu/qemu_boot.h"

namespace kconv {
namespace {

QemuOptions options(const std::string &arch) {
  QemuOptions o;
  o.machine = guestMachine(arch);
  o.kernel = "/b/Image";
  o.initrd = "/b/initramfs.cpio";
  o.dtb = "/b/guest.dtb";
  o.consoleLog = "/b/console.log";
  o.resultsLog = "/b/guest-results.log";
  return o;
}

bool has(const std::vector<std::string> &argv, const std::string &a) {
  return std::find(argv.begin(), argv.end(), a) != argv.end();
}

TEST(QemuBoot, X86KernelCommandLineCarvesPmemAndPanicsOnCrash) {
  std::string cmdline = kernelCommandLine(options("x86_64"));
  for (const char *want : {"console=ttyS0", "panic=-1", "oops=panic", "memmap=64M!512M",
                           "memmap=64M!640M", "memmap=256M$1024M", "memmap=256M$1280M",
                           "hung_task_timeout_secs=30"})
    EXPECT_NE(cmdline.find(want), std::string::npos) << want;
  EXPECT_EQ(cmdline.find(" mem="), std::string::npos) << "no mem= cap on x86_64";
}

TEST(QemuBoot, X86TwoSerialFilesNoRebootNoKvm) {
  std::vector<std::string> argv = qemuCommandLine(options("x86_64"));
  EXPECT_EQ(argv.front(), "qemu-system-x86_64");
  EXPECT_TRUE(has(argv, "-no-reboot"));
  EXPECT_TRUE(has(argv, "tcg"));
  EXPECT_TRUE(has(argv, "file:/b/console.log"));
  EXPECT_TRUE(has(argv, "file:/b/guest-results.log"));
  EXPECT_FALSE(has(argv, "-enable-kvm"));
  EXPECT_FALSE(has(argv, "-dtb"));
  auto serial = std::find(argv.begin(), argv.end(), "file:/b/console.log");
  auto results = std::find(argv.begin(), argv.end(), "file:/b/guest-results.log");
  EXPECT_LT(serial, results) << "ttyS0 must be the console, ttyS1 the results";
}

TEST(QemuBoot, Arm64CapsTheKernelBelowItsRegionsAndBootsTheEditedDeviceTree) {
  const GuestMachine &m = guestMachine("arm64");
  std::string cmdline = kernelCommandLine(options("arm64"));
  EXPECT_NE(cmdline.find("console=ttyAMA0"), std::string::npos);
  EXPECT_NE(cmdline.find(" mem=1536M"), std::string::npos);
  EXPECT_EQ(cmdline.find("memmap="), std::string::npos) << "arm64 has no memmap=";
  // Every region lies above what the kernel may use, inside QEMU's RAM
  // (virt's RAM starts at 1 GiB), and they do not overlap.
  constexpr uint64_t ramBase = 1ull << 30;
  uint64_t ramEnd = ramBase + (uint64_t(m.memoryMb) << 20);
  std::vector<MemoryRegion> regions = {m.daxPmem, m.plainPmem};
  regions.insert(regions.end(), m.coherent.begin(), m.coherent.end());
  uint64_t previousEnd = ramBase + m.kernelMemoryLimit;
  for (const MemoryRegion &r : regions) {
    EXPECT_GE(r.start, previousEnd);
    previousEnd = r.start + r.size;
  }
  EXPECT_LE(previousEnd, ramEnd);
  EXPECT_GT(m.plainPmem.start, m.daxPmem.start + m.daxPmem.size) << "a gap keeps two devices";

  std::vector<std::string> argv = qemuCommandLine(options("arm64"));
  EXPECT_EQ(argv.front(), "qemu-system-aarch64");
  EXPECT_TRUE(has(argv, "virt"));
  EXPECT_TRUE(has(argv, "tcg"));
  EXPECT_TRUE(has(argv, "-no-reboot"));
  EXPECT_TRUE(has(argv, "/b/guest.dtb"));
  EXPECT_TRUE(has(argv, "file:/b/console.log"));
  EXPECT_TRUE(has(argv, "file,id=results,path=/b/guest-results.log"));
  EXPECT_TRUE(has(argv, "virtconsole,chardev=results"));
  EXPECT_EQ(m.resultsDevice, "/dev/hvc0");
}

TEST(QemuBoot, OnlyTheMachinesKconvBoots) {
  EXPECT_EQ(guestMachine("x86_64").image, "arch/x86/boot/bzImage");
  EXPECT_EQ(guestMachine("arm64").image, "arch/arm64/boot/Image");
  try {
    guestMachine("powerpc");
    FAIL() << "powerpc has no guest";
  } catch (const std::exception &e) {
    EXPECT_NE(std::string(e.what()).find("x86_64 and arm64"), std::string::npos) << e.what();
  }
}

TEST(QemuBoot, BootTimeFromTheInitMarker) {
  EXPECT_DOUBLE_EQ(guestBootSeconds("[    0.0] Linux\n[    3.250000] kconv-guest: init started\n"), 3.25);
  EXPECT_LT(guestBootSeconds("[    0.0] Linux\n"), 0);
}

}  // namespace
}  // namespace kconv
