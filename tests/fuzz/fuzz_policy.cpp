// A gate policy file (--policy).
#include "core/errors.h"
#include "gate/gate_verdict.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    kconv::parsePolicy(std::string(reinterpret_cast<const char *>(data), size), "policy.json");
  } catch (const kconv::KconvError &) {
  }
  return 0;
}
