// What kconv puts in a guest must be a static ELF for the guest's
// architecture: the checks, on synthetic headers and on the host's busybox.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "qemu/elf_info.h"
#include "qemu/guest_busybox.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

// An ELF64 little-endian header with one program header of type `phType`.
std::string elf(uint16_t machine, uint32_t phType) {
  std::string e(64 + 56, '\0');
  e.replace(0, 4, "\x7f" "ELF");
  e[4] = 2;  // ELFCLASS64
  e[5] = 1;  // little-endian
  e[0x12] = static_cast<char>(machine & 0xff);
  e[0x13] = static_cast<char>(machine >> 8);
  e[0x20] = 64;  // e_phoff
  e[0x36] = 56;  // e_phentsize
  e[0x38] = 1;  // e_phnum
  for (int i = 0; i < 4; ++i) e[64 + i] = static_cast<char>(phType >> (8 * i));
  return e;
}

TEST(ElfInfo, MachineAndLoader) {
  ElfInfo a = readElfInfo(elf(183, 1));
  EXPECT_TRUE(a.elf64);
  EXPECT_FALSE(a.dynamic);
  EXPECT_EQ(a.machine, 183);
  EXPECT_TRUE(readElfInfo(elf(62, 3)).dynamic);
  EXPECT_FALSE(readElfInfo("#!/bin/sh\n").elf64);
  std::string truncated = elf(62, 3).substr(0, 66);  // program header cut off
  EXPECT_FALSE(readElfInfo(truncated).dynamic);
}

std::string writeTemp(const std::string &name, const std::string &content) {
  fs::path p = fs::temp_directory_path() / ("kconv-elf-test-" + name);
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string errorOf(const std::string &path, const std::string &arch) {
  try {
    checkGuestBinary(path, guestMachine(arch));
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

TEST(GuestBinary, StaticForTheGuestsArchitectureOnly) {
  std::string arm = writeTemp("arm", elf(183, 1));
  std::string dyn = writeTemp("dyn", elf(183, 3));
  std::string text = writeTemp("text", "#!/bin/sh\n");
  EXPECT_EQ(errorOf(arm, "arm64"), "");
  EXPECT_NE(errorOf(arm, "x86_64").find("is for arm64, not x86_64"), std::string::npos);
  EXPECT_NE(errorOf(dyn, "arm64").find("not statically linked"), std::string::npos);
  EXPECT_NE(errorOf(text, "arm64").find("not a 64-bit ELF"), std::string::npos);
  for (const std::string &p : {arm, dyn, text}) fs::remove(p);
}

TEST(GuestBinary, TheHostsBusyboxIsTheX86Guests) {
  if (!fs::exists("/bin/busybox")) GTEST_SKIP() << "no busybox-static here";
  EXPECT_EQ(guestBusybox(guestMachine("x86_64")), "/bin/busybox");
  EXPECT_NE(errorOf("/bin/busybox", "arm64").find("is for x86_64, not arm64"), std::string::npos);
}

}  // namespace
}  // namespace kconv
