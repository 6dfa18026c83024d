// Kconfig fragments and the check kunit.py does: after olddefconfig, did
// every requested option survive? Options whose dependencies are not met are
// silently dropped by Kconfig, so they must be named.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kconv {

// CONFIG_NAME -> value ("y", "m", "n" for "is not set", or a literal).
using KconfigValues = std::map<std::string, std::string>;

KconfigValues parseKconfig(const std::string &text);

struct DroppedOption {
  std::string name;
  std::string wanted;
  std::string got;  // "n" when absent
};

std::vector<DroppedOption> droppedOptions(const KconfigValues &wanted,
                                          const KconfigValues &actual);

// "CONFIG_X=y (got n), CONFIG_Y=m (got y)"
std::string describe(const std::vector<DroppedOption> &dropped);

}  // namespace kconv
