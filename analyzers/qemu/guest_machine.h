// What differs between the architectures kconv test boots, in one place:
// QEMU's binary and machine, the kernel image, where guest RAM starts and
// how it is laid out, the serial devices, how the emulated pmem reaches the
// kernel, and what builds the guest's static programs.
//
// The guest's memory plan is the same on every architecture: the kernel
// gets the low part of RAM; two 64 MiB pmem regions (one mounted -o dax,
// one not) and two 256 MiB device-coherent ranges for test_hmm
// (spm_addr_dev0/1, one DEVMEM_CHUNK_SIZE each) lie in RAM the kernel is
// kept out of. x86_64 carves them with memmap=SIZE!START (pmem, nd_e820)
// and memmap=SIZE$START (reserved); arm64 has no memmap=, so the kernel is
// capped with mem= and the pmem regions are "pmem-region" nodes added to
// QEMU's device tree (of_pmem). Both drivers set ND_REGION_PAGEMAP: the
// pmem gets struct pages, MEMORY_DEVICE_FS_DAX, the devmap paths under test.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kconv {

struct MemoryRegion {
  uint64_t start = 0;  // guest physical
  uint64_t size = 0;
};

enum class PmemMethod {
  Memmap,  // memmap=SIZE!START / SIZE$START on the command line (x86)
  DeviceTree,  // mem= cap + pmem-region nodes in the DTB (arm64)
};

struct GuestMachine {
  std::string arch;  // ARCH=: x86_64, arm64
  std::string qemu;  // qemu-system-x86_64
  std::string qemuPackage;  // the Debian package that has it
  std::vector<std::string> machineArgs;  // -machine ... -cpu ...
  std::string imageTarget;  // make target: bzImage, Image
  std::string image;  // relative to O=: arch/x86/boot/bzImage
  std::string console;  // the kernel console: ttyS0, ttyAMA0
  std::string resultsDevice;  // the guest's results port: /dev/ttyS1, /dev/hvc0
  PmemMethod pmemMethod = PmemMethod::Memmap;

  // Memory plan (guest physical addresses).
  unsigned memoryMb = 0;
  uint64_t kernelMemoryLimit = 0;  // mem=, 0: none
  MemoryRegion daxPmem, plainPmem;  // /dev/pmem0 (-o dax), /dev/pmem1
  std::vector<MemoryRegion> coherent;  // test_hmm spm_addr_dev0, spm_addr_dev1

  // Static guest programs: empty clangTarget means the host's cc.
  std::string clangTarget;  // aarch64-linux-gnu
  std::string staticLibc;  // libc.a the link needs
  std::string libcPackage;  // the Debian package that has it
  std::string debianArch;  // amd64, arm64: busybox-static:<debianArch>
  uint16_t elfMachine = 0;  // e_machine of the guest's binaries
};

// The architectures kconv test can boot, as ARCH= names.
std::vector<std::string> bootableArches();

// Whether `arch` is one of them.
bool isBootable(const std::string &arch);

// Throws InputError for an architecture kconv test has no guest for.
const GuestMachine &guestMachine(const std::string &arch);

// The architecture an ELF e_machine value is for ("x86_64", "arm64"), or
// "machine N" for one kconv does not boot.
std::string archOfElfMachine(uint16_t machine);

}  // namespace kconv
