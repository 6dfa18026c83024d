// A rule file: parsed and checked against its checker's schema.
#include "core/errors.h"
#include "core/rule_pack.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    kconv::parseRuleFile(std::string(reinterpret_cast<const char *>(data), size), "fuzz.json");
  } catch (const kconv::KconvError &) {
  }
  return 0;
}
