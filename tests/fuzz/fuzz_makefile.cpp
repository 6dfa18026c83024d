// The version lines of a top Makefile.
#include "core/errors.h"
#include "kernel/kernel_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    (void)kconv::makefileVersion(std::string(reinterpret_cast<const char *>(data), size),
                                 "Makefile");
  } catch (const kconv::KconvError &) {
  }
  return 0;
}
