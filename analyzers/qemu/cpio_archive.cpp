#include "qemu/cpio_archive.h"

#include <cstdio>
#include <sys/stat.h>

namespace kconv {

namespace {

void appendHex(std::string &out, uint32_t value) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08X", value);
  out.append(buf, 8);
}

void pad4(std::string &out) {
  while (out.size() % 4) out.push_back('\0');
}

}  // namespace

void CpioArchive::add(const std::string &path, uint32_t mode, const std::string &data,
                      uint32_t rdevMajor, uint32_t rdevMinor) {
  std::string name = path;
  while (!name.empty() && name[0] == '/') name.erase(0, 1);
  out_ += "070701";
  uint32_t fields[] = {nextInode_++, mode, 0 /*uid*/, 0 /*gid*/, 1 /*nlink*/,
                       0 /*mtime*/, static_cast<uint32_t>(data.size()),
                       0, 0 /*dev*/, rdevMajor, rdevMinor,
                       static_cast<uint32_t>(name.size() + 1), 0 /*check*/};
  for (uint32_t f : fields) appendHex(out_, f);
  out_ += name;
  out_.push_back('\0');
  pad4(out_);
  out_ += data;
  pad4(out_);
}

void CpioArchive::addDirectory(const std::string &path, uint32_t mode) {
  add(path, S_IFDIR | mode, "");
}

void CpioArchive::addFile(const std::string &path, const std::string &content, uint32_t mode) {
  add(path, S_IFREG | mode, content);
}

void CpioArchive::addSymlink(const std::string &path, const std::string &target) {
  add(path, S_IFLNK | 0777, target);
}

void CpioArchive::addCharDevice(const std::string &path, uint32_t major, uint32_t minor,
                                uint32_t mode) {
  add(path, S_IFCHR | mode, "", major, minor);
}

std::string CpioArchive::finish() {
  std::string entries = out_;
  uint32_t inode = nextInode_;
  add("TRAILER!!!", 0, "");
  std::string archive = std::move(out_);
  out_ = std::move(entries);
  nextInode_ = inode;
  // cpio(1) pads archives to 512 bytes; do the same so `cpio -t` is happy.
  while (archive.size() % 512) archive.push_back('\0');
  return archive;
}

}  // namespace kconv
