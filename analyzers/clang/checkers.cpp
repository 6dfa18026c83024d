#include "clang/checker.h"
#include "clang/devmap_checker.h"
#include "clang/page_mapping_checker.h"
#include "clang/pgmap_type_checker.h"

namespace kconv {

template <typename T>
static CheckerFactory factory() {
  return [](const RuleFile &rules, SiteReporter &reporter) {
    return std::make_unique<T>(rules, reporter);
  };
}

const std::map<std::string, CheckerFactory> &checkerFactories() {
  static const std::map<std::string, CheckerFactory> factories = {
      {"devmap", factory<DevmapChecker>()},
      {"pgmap-type", factory<PgmapTypeChecker>()},
      {"page-mapping", factory<PageMappingChecker>()},
  };
  return factories;
}

}  // namespace kconv
