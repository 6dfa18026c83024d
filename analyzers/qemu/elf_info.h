// The two facts kconv checks of a binary it puts in the guest: is it
// linked statically (the initramfs has no loader) and is it for the
// guest's architecture (an amd64 busybox in an arm64 guest fails as
// "init not found", far from the cause).
#pragma once

#include <cstdint>
#include <string>

namespace kconv {

struct ElfInfo {
  bool elf64 = false;  // a little-endian ELF64 file at all
  bool dynamic = false;  // has a PT_INTERP program header (needs a loader)
  uint16_t machine = 0;  // e_machine: 62 x86_64, 183 aarch64
};

ElfInfo readElfInfo(const std::string &bytes);

}  // namespace kconv
