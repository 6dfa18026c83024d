// The newc writer: what cpio(1) itself reads back from it.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "qemu/cpio_archive.h"
#include "kernel/process.h"

namespace kconv {
namespace {

TEST(CpioArchive, HeaderLayoutAndPadding) {
  CpioArchive a;
  a.addFile("/init", "abc", 0755);
  std::string out = a.finish();
  EXPECT_EQ(out.size() % 512, 0u);
  EXPECT_EQ(out.substr(0, 6), "070701");
  // mode 0100755, size 3, name "init\0" (5 bytes) -> header 110 + 5 = 115, pad to 116.
  EXPECT_EQ(out.substr(14, 8), "000081ED");
  EXPECT_EQ(out.substr(54, 8), "00000003");
  EXPECT_EQ(out.substr(110, 5), std::string("init\0", 5));
  EXPECT_EQ(out.substr(116, 3), "abc");
  EXPECT_NE(out.find("TRAILER!!!"), std::string::npos);
}

TEST(CpioArchive, IsReproducible) {
  auto make = [] {
    CpioArchive a;
    a.addDirectory("/dev");
    a.addCharDevice("/dev/console", 5, 1);
    a.addSymlink("/bin/sh", "busybox");
    return a.finish();
  };
  EXPECT_EQ(make(), make());
}

TEST(CpioArchive, CpioListsEveryEntry) {
  if (findProgram("cpio").empty()) GTEST_SKIP() << "cpio(1) not installed";
  CpioArchive a;
  a.addDirectory("/kconv");
  a.addFile("/kconv/params", "X=1\n");
  a.addCharDevice("/dev/console", 5, 1);
  a.addSymlink("/bin/sh", "busybox");
  std::string path = ::testing::TempDir() + "/kconv-test.cpio";
  std::ofstream(path, std::ios::binary) << a.finish();
  auto listed = captureOutput({"sh", "-c", "cpio -it --quiet < " + path});
  std::remove(path.c_str());
  ASSERT_TRUE(listed);
  EXPECT_EQ(*listed, "kconv\nkconv/params\ndev/console\nbin/sh\n");
}

}  // namespace
}  // namespace kconv
