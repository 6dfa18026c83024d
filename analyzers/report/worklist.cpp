#include "report/worklist.h"

namespace kconv {

namespace {

std::string detail(const Finding &f, const char *key) {
  auto it = f.details.find(key);
  return it != f.details.end() && it->is_string() ? it->get<std::string>() : "";
}

// rules/pgmap-type.json: "behaviours": {"managed-free": {"flag":
// "PGMAP_MANAGED_FREE", "description": "..."}}. A behaviour with no flag
// ("keep") needs the type test itself.
std::string behaviourReplacement(const std::string &behaviour, const RuleFile &rf) {
  const nlohmann::json &table = rf.config.value("behaviours", nlohmann::json::object());
  auto it = table.find(behaviour);
  if (it == table.end())
    return "decide which behaviour this type test stands for (" + behaviour + ")";
  std::string flag = it->value("flag", "");
  std::string why = it->value("description", "");
  if (flag.empty()) return "keep the type test: " + why;
  return "test the " + flag + " pgmap flag instead of the type: " + why;
}

// rules/devmap.json: "idioms": [{"id": "trans_huge_or_devmap",
// "replacement": "pXd_trans_huge(x) alone"}]. A test that is part of an
// idiom is rewritten with the idiom, not on its own.
std::string idiomReplacement(const std::string &idiom, const RuleFile *rf) {
  if (idiom.empty() || !rf) return "";
  for (const auto &entry : rf->config.value("idioms", nlohmann::json::array()))
    if (entry.value("id", "") == idiom) return entry.value("replacement", "");
  return "";
}

}  // namespace

std::string classificationOf(const Finding &f) {
  for (const char *key : {"behaviour", "access"})
    if (std::string v = detail(f, key); !v.empty()) return v;
  if (std::string idiom = detail(f, "idiom"); !idiom.empty()) return idiom;
  return detail(f, "kind");
}

std::string replacementOf(const Finding &f, const RulePack &rules) {
  const RuleFile *rf = rules.forCategory(f.category);
  if (std::string r = idiomReplacement(detail(f, "idiom"), rf); !r.empty()) return r;
  if (std::string r = detail(f, "replacement"); !r.empty()) return r;
  std::string behaviour = detail(f, "behaviour");
  if (behaviour.empty() || !rf || !rf->config.contains("behaviours")) return "";
  return behaviourReplacement(behaviour, *rf);
}

WorkItem workItemOf(const Finding &f, const RulePack &rules) {
  return {f.location, f.function, f.rule, f.category,
          classificationOf(f), replacementOf(f, rules), f.verified};
}

}  // namespace kconv
