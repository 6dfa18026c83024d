// spatch's report lines on stdout and its errors on stderr (input split at
// the first NUL byte).
#include "cocci/spatch_output.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  size_t cut = text.find('\0');
  std::string out = text.substr(0, cut), err = cut == std::string::npos ? "" : text.substr(cut + 1);
  kconv::SpatchExit exit{0, false, ""};
  (void)kconv::parseSpatchOutput(out, err, exit, {"/t/mm/gup.c", "/t/fs/dax.c"});
  return 0;
}
