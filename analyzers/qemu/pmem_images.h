// The ext4 images the guest writes to its two emulated pmem devices: one
// mounted -o dax (the FS-DAX scenario's files), one without (the non-DAX
// target of its O_DIRECT copies). Made on the host with mkfs.ext4 on a
// plain file (no root, no loop device) and gzip'd for the initramfs.
#pragma once

#include <cstdint>
#include <string>

namespace kconv {

struct PmemImages {
  std::string dax;  // .img.gz
  std::string plain;
};

// Throws InputError when mkfs.ext4 is not installed.
void requireMkfsExt4();

// Reuses images already in `dir` for the same size.
PmemImages makePmemImages(const std::string &dir, uint64_t size, const std::string &logPath);

}  // namespace kconv
