#include "qemu/elf_info.h"

namespace kconv {

namespace {

// 0 for a value the file is too short to hold.
template <typename T>
T readLe(const std::string &data, uint64_t offset) {
  T v = 0;
  if (offset > data.size() || data.size() - offset < sizeof(T)) return 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    v |= static_cast<T>(static_cast<unsigned char>(data[offset + i])) << (8 * i);
  return v;
}

}  // namespace

ElfInfo readElfInfo(const std::string &elf) {
  constexpr uint32_t kPtInterp = 3;
  constexpr char kClass64 = 2, kLittleEndian = 1;
  ElfInfo info;
  if (elf.size() < 64 || elf.compare(0, 4, "\x7f" "ELF") != 0 || elf[4] != kClass64 ||
      elf[5] != kLittleEndian)
    return info;
  info.elf64 = true;
  info.machine = readLe<uint16_t>(elf, 0x12);
  uint64_t phoff = readLe<uint64_t>(elf, 0x20);
  uint16_t phentsize = readLe<uint16_t>(elf, 0x36);
  uint16_t phnum = readLe<uint16_t>(elf, 0x38);
  for (uint16_t i = 0; i < phnum; ++i)
    if (readLe<uint32_t>(elf, phoff + uint64_t(i) * phentsize) == kPtInterp) info.dynamic = true;
  return info;
}

}  // namespace kconv
