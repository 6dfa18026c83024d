// MAINTAINERS: parsed, every F:/X:/N: pattern compiled, and paths matched
// the way `kconv report` and `kconv propose` do.
#include "core/errors.h"
#include "kernel/maintainers.h"
#include "kernel/maintainers_matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  kconv::Maintainers m = kconv::parseMaintainers(text, "MAINTAINERS");
  kconv::MaintainersMatcher matcher(m, "/nonexistent");
  for (const char *path : {"mm/gup.c", "include/linux/memremap.h", "drivers/dax/device.c",
                           "aaaaaaaaaaaaaaaaaaaaaaaaaaa", "fs/dax.c"})
    (void)matcher.match(path);
  kconv::SubsystemOf of = kconv::subsystemOf(text, "/nonexistent");
  (void)of("mm/memremap.c");
  return 0;
}
