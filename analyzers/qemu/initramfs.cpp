#include "qemu/initramfs.h"

#include <filesystem>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "qemu/cpio_archive.h"
#include "kernel/process.h"
#include "qemu/guest_busybox.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

std::string hex(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

}  // namespace

std::string guestParams(const GuestSettings &s) {
  const FreePageConvention &c = s.convention;
  std::ostringstream out;
  out << "# Written by kconv test for ci/guest/init.\n"
      << "FSDAX_IDLE_REFCOUNT=" << c.fsdaxFree << "\n"
      << "FSDAX_MAPPED_REFCOUNT=" << c.fsdaxFree + (c.fsdaxMappingHoldsRef() ? 1 : 0) << "\n"
      << "TEST_HMM_PARAMS='";
  for (size_t i = 0; i < s.machine.coherent.size(); ++i)
    out << (i ? " " : "") << "spm_addr_dev" << i << "=" << hex(s.machine.coherent[i].start);
  out << "'\n"
      << "PMEM0_START=" << hex(s.machine.daxPmem.start) << "\n"
      << "PMEM0_SIZE=" << hex(s.machine.daxPmem.size) << "\n"
      << "HMM_TESTS_TIMEOUT=" << s.hmmTestsTimeout << "\n"
      << "FSDAX_TIMEOUT=" << s.fsdaxTimeout << "\n"
      << "STEP_TIMEOUT=" << s.stepTimeout << "\n"
      << "RESULTS_TTY=" << s.machine.resultsDevice << "\n";
  return out.str();
}

size_t writeInitramfs(const std::string &path, const std::string &ciDir,
                      const KernelBuild &kernel, const GuestPrograms &programs,
                      const PmemImages &images, const GuestSettings &settings,
                      const std::string &busybox) {
  CpioArchive cpio;
  for (const char *dir : {"/bin", "/dev", "/proc", "/sys", "/tmp", "/mnt", "/kconv"})
    cpio.addDirectory(dir);
  // The kernel opens /dev/console for init before devtmpfs is mounted.
  cpio.addCharDevice("/dev/console", 5, 1);
  cpio.addFile("/bin/busybox", readFile(busybox), 0755);
  cpio.addSymlink("/bin/sh", "busybox");
  cpio.addFile("/init", readFile(ciDir + "/init"), 0755);
  cpio.addFile("/kconv/params", guestParams(settings));
  cpio.addFile("/kconv/test_hmm.ko", readFile(kernel.testHmmModule));
  cpio.addFile("/kconv/kconv_refcount_test.ko", readFile(programs.refcountTestModule));
  cpio.addFile("/kconv/kconv_pageref.ko", readFile(programs.pagerefModule));
  cpio.addFile("/kconv/hmm-tests", readFile(programs.hmmTests), 0755);
  for (const std::string &bin : {busybox, programs.hmmTests, programs.fsdaxTest})
    checkGuestBinary(bin, settings.machine);
  cpio.addFile("/kconv/fsdax_refcount", readFile(programs.fsdaxTest), 0755);
  cpio.addFile("/kconv/dax.img.gz", readFile(images.dax));
  cpio.addFile("/kconv/plain.img.gz", readFile(images.plain));
  std::string archive = cpio.finish();
  writeFileAtomically(path, archive);
  return archive.size();
}

}  // namespace kconv
