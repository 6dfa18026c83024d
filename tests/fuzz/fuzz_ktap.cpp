// KTAP/TAP from a guest console: extracted, parsed, flattened.
#include "qemu/ktap_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  kconv::TapDocument doc = kconv::parseTap(kconv::extractTapLines(text));
  (void)kconv::flatten(doc);
  return 0;
}
