// A compile_commands.json (a tree's own, or one kconv wrote).
#include "core/errors.h"
#include "kernel/compile_db.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    kconv::parseCompileDatabase(std::string(reinterpret_cast<const char *>(data), size),
                                "fuzz.json");
  } catch (const kconv::KconvError &) {
  }
  return 0;
}
