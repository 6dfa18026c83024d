// A Kconfig fragment or .config, and the dropped-option check between two.
#include "kernel/kconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  kconv::KconfigValues v = kconv::parseKconfig(text);
  (void)kconv::describe(kconv::droppedOptions(v, kconv::parseKconfig(text.substr(size / 2))));
  return 0;
}
