#include "refactor/pgmap_rules.h"

#include <algorithm>

#include "core/errors.h"

namespace kconv::refactor {

const Behaviour *PgmapRules::behaviour(const std::string &id) const {
  for (const Behaviour &b : behaviours)
    if (b.id == id) return &b;
  return nullptr;
}

PgmapRules loadPgmapRules(const RulePack &pack) {
  const RuleFile *file = pack.forCategory("pgmap-type");
  if (!file) throw InputError("rule pack " + pack.dir + " has no pgmap-type rules");
  const nlohmann::json &cfg = file->config;
  PgmapRules out;
  std::set<unsigned> bits = {0};  // PGMAP_ALTMAP_VALID
  for (const auto &[id, b] : cfg.at("behaviours").items()) {
    Behaviour beh;
    beh.id = id;
    beh.flag = b.value("flag", "");
    beh.bit = b.value("bit", 0u);
    beh.config = b.value("config", "");
    beh.description = b.value("description", "");
    beh.semanticPatch = b.value("semantic_patch", "");
    for (const auto &t : b.value("types", nlohmann::json::array())) beh.types.insert(t);
    if (!beh.flag.empty() && (beh.types.empty() || !bits.insert(beh.bit).second))
      throw InputError(file->path + ": behaviour " + id +
                       " needs memory types and a bit of its own (1..31)");
    out.behaviours.push_back(std::move(beh));
  }
  std::sort(out.behaviours.begin(), out.behaviours.end(),
            [](const Behaviour &a, const Behaviour &b) { return a.bit < b.bit; });
  const nlohmann::json &helpers = cfg.at("flag_helpers");
  out.pgmapHelper = helpers.at("pgmap");
  out.pageHelper = helpers.at("page");
  out.folioHelper = helpers.at("folio");
  for (const auto &p : cfg.at("predicates"))
    out.predicateTypes[p.at("name")] = p.value("types", std::set<std::string>{});
  return out;
}

}  // namespace kconv::refactor
