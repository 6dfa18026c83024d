// Which rewrites turn the classified pgmap-type sites into flag tests, and
// which sites cannot be rewritten exactly. A rewrite is exact only when the
// test names exactly the memory types whose registration sets the flag:
//   one test naming them all (is_device_private_page(), ->type == X),
//   two adjacent tests of one function that together name them
//     (device-private || device-coherent for PGMAP_MANAGED_FREE),
//   a switch whose cases are exactly them.
// A test inside a macro body is rewritten once, in the macro's definition,
// and stands for every use of the macro.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "refactor/inventory.h"
#include "refactor/pgmap_rules.h"

namespace kconv::refactor {

struct PlannedRewrite {
  std::string file;  // where the rewrite happens (a macro: its definition)
  const Behaviour *behaviour = nullptr;
  std::vector<Location> positions;  // the test tokens handed to the .cocci
  std::vector<const Site *> sites;  // the findings it resolves
  std::vector<std::string> tokens;  // per position: predicate, or "type"
  std::string macro;  // set when the rewrite is in a macro definition
};

struct Refusal {
  const Site *site;
  std::string reason;
};

struct ConversionPlan {
  std::vector<PlannedRewrite> rewrites;  // by file, then position
  std::vector<Refusal> refused;
};

using FileReader = std::function<std::optional<std::string>(const std::string &path)>;

ConversionPlan planConversions(const Inventory &inv, const PgmapRules &rules,
                               const FileReader &read);

// The position of the first `token` identifier inside the definition of
// `macro` in `text` (1-based line and column), if the file defines it.
std::optional<Location> tokenInMacroDefinition(const std::string &text,
                                               const std::string &macro,
                                               const std::string &token);

}  // namespace kconv::refactor
