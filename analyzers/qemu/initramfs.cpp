#include "qemu/initramfs.h"

#include <filesystem>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "qemu/cpio_archive.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

std::string hex(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

template <typename T>
T readLe(const std::string &data, size_t offset) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T) && offset + i < data.size(); ++i)
    v |= static_cast<T>(static_cast<unsigned char>(data[offset + i])) << (8 * i);
  return v;
}

// A dynamically linked ELF64 binary has a PT_INTERP program header (its
// loader); the guest has no loader, so such a binary cannot run there.
bool isDynamic(const std::string &elf) {
  constexpr uint32_t kPtInterp = 3;
  if (elf.size() < 64 || elf.compare(0, 4, "\x7f" "ELF") != 0) return true;
  uint64_t phoff = readLe<uint64_t>(elf, 0x20);
  uint16_t phentsize = readLe<uint16_t>(elf, 0x36);
  uint16_t phnum = readLe<uint16_t>(elf, 0x38);
  for (uint16_t i = 0; i < phnum; ++i)
    if (readLe<uint32_t>(elf, phoff + uint64_t(i) * phentsize) == kPtInterp) return true;
  return false;
}

}  // namespace

std::string guestParams(const GuestSettings &s) {
  const FreePageConvention &c = s.convention;
  std::ostringstream out;
  out << "# Written by kconv test for ci/guest/init.\n"
      << "FSDAX_IDLE_REFCOUNT=" << c.fsdaxFree << "\n"
      << "TEST_HMM_PARAMS='";
  for (size_t i = 0; i < s.coherentStarts.size(); ++i)
    out << (i ? " " : "") << "spm_addr_dev" << i << "=" << hex(s.coherentStarts[i]);
  out << "'\n"
      << "PMEM0_START=" << hex(s.pmemStart) << "\n"
      << "PMEM0_SIZE=" << hex(s.pmemSize) << "\n"
      << "HMM_TESTS_TIMEOUT=" << s.hmmTestsTimeout << "\n"
      << "FSDAX_TIMEOUT=" << s.fsdaxTimeout << "\n"
      << "STEP_TIMEOUT=" << s.stepTimeout << "\n";
  return out.str();
}

std::string staticBusybox() {
  for (const char *p : {"/bin/busybox", "/usr/bin/busybox"}) {
    if (!fs::exists(p)) continue;
    if (isDynamic(readFile(p)))
      throw InputError(std::string(p) + " is dynamically linked: apt-get install busybox-static");
    return p;
  }
  throw InputError("missing tool: busybox (apt-get install busybox-static)");
}

size_t writeInitramfs(const std::string &path, const std::string &ciDir,
                      const KernelBuild &kernel, const GuestPrograms &programs,
                      const PmemImages &images, const GuestSettings &settings) {
  CpioArchive cpio;
  for (const char *dir : {"/bin", "/dev", "/proc", "/sys", "/tmp", "/mnt", "/kconv"})
    cpio.addDirectory(dir);
  // The kernel opens /dev/console for init before devtmpfs is mounted.
  cpio.addCharDevice("/dev/console", 5, 1);
  cpio.addFile("/bin/busybox", readFile(staticBusybox()), 0755);
  cpio.addSymlink("/bin/sh", "busybox");
  cpio.addFile("/init", readFile(ciDir + "/init"), 0755);
  cpio.addFile("/kconv/params", guestParams(settings));
  cpio.addFile("/kconv/test_hmm.ko", readFile(kernel.testHmmModule));
  cpio.addFile("/kconv/kconv_refcount_test.ko", readFile(programs.refcountTestModule));
  cpio.addFile("/kconv/kconv_pageref.ko", readFile(programs.pagerefModule));
  cpio.addFile("/kconv/hmm-tests", readFile(programs.hmmTests), 0755);
  for (const std::string &bin : {programs.hmmTests, programs.fsdaxTest})
    if (isDynamic(readFile(bin))) throw InputError(bin + " is not statically linked");
  cpio.addFile("/kconv/fsdax_refcount", readFile(programs.fsdaxTest), 0755);
  cpio.addFile("/kconv/dax.img.gz", readFile(images.dax));
  cpio.addFile("/kconv/plain.img.gz", readFile(images.plain));
  std::string archive = cpio.finish();
  writeFileAtomically(path, archive);
  return archive.size();
}

}  // namespace kconv
