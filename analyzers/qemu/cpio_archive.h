// A "newc" cpio archive, the format the kernel unpacks as an initramfs
// (Documentation/driver-api/early-userspace/buffer-format.rst). Written
// here rather than with cpio(1) so that device nodes need no root, and the
// archive is byte-for-byte reproducible (fixed owners, inodes, mtimes).
#pragma once

#include <cstdint>
#include <string>

namespace kconv {

class CpioArchive {
 public:
  void addDirectory(const std::string &path, uint32_t mode = 0755);
  void addFile(const std::string &path, const std::string &content, uint32_t mode = 0644);
  void addSymlink(const std::string &path, const std::string &target);
  void addCharDevice(const std::string &path, uint32_t major, uint32_t minor,
                     uint32_t mode = 0600);
  // The archive with its trailer; can be called once entries are complete.
  std::string finish();

 private:
  void add(const std::string &path, uint32_t mode, const std::string &data,
           uint32_t rdevMajor = 0, uint32_t rdevMinor = 0);
  std::string out_;
  uint32_t nextInode_ = 1;
};

}  // namespace kconv
