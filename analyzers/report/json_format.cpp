#include "report/formats.h"

namespace kconv {

std::string renderJson(const ScanResult &r) { return toJson(r).dump(2) + "\n"; }

}  // namespace kconv
