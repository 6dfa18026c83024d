#include "refactor/inventory.h"

#include <iomanip>
#include <sstream>

namespace kconv::refactor {

namespace {

const std::vector<std::string> kTypes = {
    "MEMORY_DEVICE_PRIVATE", "MEMORY_DEVICE_COHERENT", "MEMORY_DEVICE_FS_DAX",
    "MEMORY_DEVICE_GENERIC", "MEMORY_DEVICE_PCI_P2PDMA"};

std::vector<std::string> rows(const Inventory &inv, const PgmapRules &rules) {
  std::vector<std::string> out;
  for (const Behaviour &b : rules.behaviours)
    if (b.id != "keep") out.push_back(b.id);
  out.push_back("keep");
  for (const auto &[b, n] : inv.perBehaviour)
    if (!rules.behaviour(b) && b != "keep") out.push_back(b);  // "unclassified"
  return out;
}

std::string where(const Finding &f) {
  std::string s = f.location.file + ":" + std::to_string(f.location.line) + ":" +
                  std::to_string(f.location.column);
  if (!f.function.empty()) s += " " + f.function + "()";
  return s;
}

}  // namespace

std::string shortType(const std::string &type) {
  const std::string prefix = "MEMORY_DEVICE_";
  std::string s = type.rfind(prefix, 0) == 0 ? type.substr(prefix.size()) : type;
  return s == "PCI_P2PDMA" ? "P2PDMA" : s;
}

std::vector<const Site *> Inventory::of(const std::string &behaviour) const {
  std::vector<const Site *> out;
  for (const Site &s : sites)
    if (s.behaviour == behaviour) out.push_back(&s);
  return out;
}

Inventory buildInventory(const std::vector<Finding> &findings) {
  Inventory inv;
  for (const Finding &f : findings) {
    if (f.category != "pgmap-type") continue;
    Site s;
    s.finding = f;
    s.behaviour = f.details.value("behaviour", "unclassified");
    s.reason = f.details.value("reason", "");
    for (const auto &t : f.details.value("types", nlohmann::json::array())) s.types.insert(t);
    ++inv.perBehaviour[s.behaviour];
    for (const std::string &t : s.types) ++inv.matrix[s.behaviour][t];
    inv.sites.push_back(std::move(s));
  }
  return inv;
}

std::string inventoryTable(const Inventory &inv, const PgmapRules &rules) {
  std::ostringstream out;
  out << std::left << std::setw(16) << "behaviour" << std::setw(24) << "flag";
  for (const std::string &t : kTypes) out << std::right << std::setw(9) << shortType(t);
  out << std::setw(7) << "sites" << "\n";
  unsigned total = 0;
  for (const std::string &row : rows(inv, rules)) {
    const Behaviour *b = rules.behaviour(row);
    out << std::left << std::setw(16) << row << std::setw(24)
        << (b && !b->flag.empty() ? b->flag : "-");
    auto m = inv.matrix.find(row);
    for (const std::string &t : kTypes) {
      unsigned n = m == inv.matrix.end() || !m->second.count(t) ? 0 : m->second.at(t);
      out << std::right << std::setw(9) << n;
    }
    unsigned n = inv.perBehaviour.count(row) ? inv.perBehaviour.at(row) : 0;
    total += n;
    out << std::setw(7) << n << "\n";
  }
  out << std::left << std::setw(40 + 9 * kTypes.size()) << "total" << std::right
      << std::setw(7) << total << "\n";
  return out.str();
}

std::string inventoryText(const Inventory &inv, const PgmapRules &rules) {
  std::ostringstream out;
  out << inventoryTable(inv, rules);
  for (const std::string &row : rows(inv, rules)) {
    auto sites = inv.of(row);
    if (sites.empty()) continue;
    out << "\n" << row << " (" << sites.size() << "):\n";
    for (const Site *s : sites) {
      out << "  " << where(s->finding) << ": " << s->finding.rule.substr(s->finding.rule.find('.') + 1);
      if (!s->reason.empty()) out << " - " << s->reason;
      out << "\n";
    }
  }
  return out.str();
}

nlohmann::json inventoryJson(const Inventory &inv, const PgmapRules &rules) {
  nlohmann::json j;
  j["behaviours"] = nlohmann::json::object();
  for (const std::string &row : rows(inv, rules)) {
    const Behaviour *b = rules.behaviour(row);
    nlohmann::json entry;
    entry["flag"] = b ? b->flag : "";
    entry["flag_types"] = b ? nlohmann::json(b->types) : nlohmann::json::array();
    entry["by_type"] = inv.matrix.count(row) ? nlohmann::json(inv.matrix.at(row))
                                             : nlohmann::json::object();
    entry["sites"] = nlohmann::json::array();
    for (const Site *s : inv.of(row)) {
      nlohmann::json site = toJson(s->finding);
      entry["sites"].push_back(site);
    }
    j["behaviours"][row] = entry;
  }
  j["total"] = inv.sites.size();
  return j;
}

}  // namespace kconv::refactor
