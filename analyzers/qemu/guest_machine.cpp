#include "qemu/guest_machine.h"

#include <algorithm>

#include "core/errors.h"
#include "core/text_escape.h"

namespace kconv {

namespace {

constexpr uint64_t MiB = 1ull << 20;
constexpr uint16_t kEmX86_64 = 62;
constexpr uint16_t kEmAarch64 = 183;

// x86_64: RAM from 0. The regions sit in the middle of 2 GiB, away from the
// kernel (16 MiB) and the initrd (QEMU puts it at the top); the gap between
// the two pmem ranges keeps them two devices.
GuestMachine x86_64() {
  GuestMachine m;
  m.arch = "x86_64";
  m.qemu = "qemu-system-x86_64";
  m.qemuPackage = "qemu-system-x86";
  m.machineArgs = {"-machine", "pc", "-accel", "tcg", "-cpu", "qemu64"};
  m.imageTarget = "bzImage";
  m.image = "arch/x86/boot/bzImage";
  m.console = "ttyS0";
  m.resultsDevice = "/dev/ttyS1";
  m.pmemMethod = PmemMethod::Memmap;
  m.memoryMb = 2048;
  m.daxPmem = {512 * MiB, 64 * MiB};
  m.plainPmem = {640 * MiB, 64 * MiB};
  m.coherent = {{1024 * MiB, 256 * MiB}, {1280 * MiB, 256 * MiB}};
  m.staticLibc = "/usr/lib/x86_64-linux-gnu/libc.a";
  m.libcPackage = "libc6-dev";
  m.debianArch = "amd64";
  m.elfMachine = kEmX86_64;
  return m;
}

// arm64: QEMU's virt board, RAM from 1 GiB. 3 GiB of RAM, the kernel
// capped at 1.5 GiB (mem=), the regions above it in the same order as on
// x86_64. QEMU loads the kernel, the initrd (+128 MiB) and the DTB low, under
// the cap. pauth-impdef: -cpu max's pointer authentication with QEMU's own
// cheap hash instead of emulated QARMA (the kernel does not care; TCG runs
// several times faster).
GuestMachine arm64() {
  constexpr uint64_t base = 1024 * MiB;
  GuestMachine m;
  m.arch = "arm64";
  m.qemu = "qemu-system-aarch64";
  m.qemuPackage = "qemu-system-arm";
  m.machineArgs = {"-machine", "virt", "-accel", "tcg", "-cpu", "max,pauth-impdef=on"};
  m.imageTarget = "Image";
  m.image = "arch/arm64/boot/Image";
  m.console = "ttyAMA0";
  // virt has one UART for the normal world; results go to a virtio console.
  m.resultsDevice = "/dev/hvc0";
  m.pmemMethod = PmemMethod::DeviceTree;
  m.memoryMb = 3072;
  m.kernelMemoryLimit = 1536 * MiB;
  m.daxPmem = {base + 1536 * MiB, 64 * MiB};
  m.plainPmem = {base + 1664 * MiB, 64 * MiB};
  m.coherent = {{base + 2048 * MiB, 256 * MiB}, {base + 2304 * MiB, 256 * MiB}};
  m.clangTarget = "aarch64-linux-gnu";
  m.staticLibc = "/usr/aarch64-linux-gnu/lib/libc.a";
  m.libcPackage = "libc6-dev-arm64-cross libgcc-12-dev-arm64-cross";
  m.debianArch = "arm64";
  m.elfMachine = kEmAarch64;
  return m;
}

}  // namespace

std::vector<std::string> bootableArches() { return {"arm64", "x86_64"}; }

bool isBootable(const std::string &arch) {
  std::vector<std::string> all = bootableArches();
  return std::find(all.begin(), all.end(), arch) != all.end();
}

const GuestMachine &guestMachine(const std::string &arch) {
  static const GuestMachine machines[] = {x86_64(), arm64()};
  for (const GuestMachine &m : machines)
    if (m.arch == arch) return m;
  throw InputError("kconv test boots x86_64 and arm64, not " + escapeLine(arch) +
                   " (scan and gate --arch build it)");
}

std::string archOfElfMachine(uint16_t machine) {
  if (machine == kEmX86_64) return "x86_64";
  if (machine == kEmAarch64) return "arm64";
  return "machine " + std::to_string(machine);
}

}  // namespace kconv
