#include "qemu/pmem_images.h"

#include <filesystem>

#include "core/errors.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// mkfs.ext4 lives in /usr/sbin, which is not on every user's PATH.
std::string mkfsExt4() {
  std::string found = findProgram("mkfs.ext4");
  for (const char *p : {"/usr/sbin/mkfs.ext4", "/sbin/mkfs.ext4"})
    if (found.empty() && fs::exists(p)) found = p;
  return found;
}

// 4 KiB blocks (ext4 DAX needs block size == page size); a 2 MiB stripe so
// the allocator hands out 2 MiB-aligned extents that can be PMD-mapped.
// Fixed UUID, hash seed and time: the same image every run.
void makeImage(const std::string &gz, uint64_t size, const std::string &label,
               const std::string &uuid, const std::string &logPath) {
  if (fs::exists(gz)) return;
  std::string raw = gz.substr(0, gz.size() - 3);
  fs::remove(raw);
  ProcessOptions po;
  po.logPath = logPath;
  po.extraEnv = {"E2FSPROGS_FAKE_TIME=1"};
  ProcessResult r = runProcess(
      {mkfsExt4(), "-q", "-F", "-b", "4096", "-L", label, "-U", uuid, "-E",
       "stride=512,stripe_width=512,lazy_itable_init=0,lazy_journal_init=0,"
       "hash_seed=" + uuid,
       raw, std::to_string(size / 1024) + "k"},
      po);
  if (r.exitCode != 0)
    throw InputError("mkfs.ext4 failed for " + raw, logPath);
  std::string tmp = gz + ".tmp";
  po.extraEnv.clear();
  po.logPath = tmp;
  po.stderrPath = logPath;
  r = runProcess({"gzip", "-n", "-c", raw}, po);
  fs::remove(raw);
  if (r.exitCode != 0) throw InputError("gzip failed for " + raw, logPath);
  fs::rename(tmp, gz);
}

}  // namespace

void requireMkfsExt4() {
  if (mkfsExt4().empty())
    throw InputError("missing tool: mkfs.ext4 (apt-get install e2fsprogs)");
}

PmemImages makePmemImages(const std::string &dir, uint64_t size, const std::string &logPath) {
  requireMkfsExt4();
  fs::create_directories(dir);
  // The name changes with the recipe, so an old image is never reused.
  std::string tag = std::to_string(size >> 20) + "M-v2";
  PmemImages images{dir + "/pmem-dax-" + tag + ".img.gz", dir + "/pmem-plain-" + tag + ".img.gz"};
  makeImage(images.dax, size, "kconv-dax", "8d9c7a6e-0000-4000-8000-00000000da00", logPath);
  makeImage(images.plain, size, "kconv-plain", "8d9c7a6e-0000-4000-8000-0000000000b1", logPath);
  return images;
}

}  // namespace kconv
