// A findings file (kconv scan --format json) read back, and written again:
// what the reader accepts must serialise as valid UTF-8.
#include "core/errors.h"
#include "core/scan_result.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    nlohmann::json j = kconv::JsonReader::parse(
        std::string(reinterpret_cast<const char *>(data), size), "fuzz.json");
    kconv::ScanResult r = kconv::scanResultFromJson(kconv::JsonReader(j, "fuzz.json"));
    (void)kconv::toJson(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const kconv::KconvError &) {
  }
  return 0;
}
