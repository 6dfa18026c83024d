#include "report/formats.h"

namespace kconv {

std::string renderJson(const ScanResult &r) { return toJson(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }

}  // namespace kconv
