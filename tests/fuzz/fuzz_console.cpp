// A serial console and the guest's results stream: splats, sections, results.
#include "qemu/guest_output.h"
#include "qemu/splat_scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  (void)kconv::scanForSplats(text);
  (void)kconv::parseGuestOutput(text);
  (void)kconv::consoleSection(text, "kunit");
  (void)kconv::sectionAtLine(text, 3);
  return 0;
}
