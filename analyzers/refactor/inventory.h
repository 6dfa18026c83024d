// The inventory of pgmap-type sites: each classified into the behaviour it
// implements (rules/pgmap-type.json "classify"), counted per behaviour and
// memory type. Printed as a table and saved as JSON; the cover letter and
// the series plan are made from it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.h"
#include "refactor/pgmap_rules.h"

namespace kconv::refactor {

struct Site {
  Finding finding;
  std::string behaviour;  // a behaviour id, or "unclassified"
  std::string reason;  // why it is kept (keep only)
  std::set<std::string> types;  // memory types the test names
};

struct Inventory {
  std::vector<Site> sites;  // sorted as findings are
  // behaviour -> memory type -> sites naming that type
  std::map<std::string, std::map<std::string, unsigned>> matrix;
  std::map<std::string, unsigned> perBehaviour;  // each site once

  std::vector<const Site *> of(const std::string &behaviour) const;
};

// From classified findings (classifyFindings has run): the pgmap-type ones.
Inventory buildInventory(const std::vector<Finding> &findings);

// Behaviour rows in rule order then "unclassified"; memory-type columns.
std::string inventoryTable(const Inventory &inv, const PgmapRules &rules);
// The table plus every site, grouped by behaviour.
std::string inventoryText(const Inventory &inv, const PgmapRules &rules);
nlohmann::json inventoryJson(const Inventory &inv, const PgmapRules &rules);

// "MEMORY_DEVICE_PRIVATE" -> "PRIVATE", for narrow tables.
std::string shortType(const std::string &type);

}  // namespace kconv::refactor
