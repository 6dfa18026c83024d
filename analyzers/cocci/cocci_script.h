// A semantic patch as `make coccicheck` reads it: its "// Options:" words
// and virtual rules; and the check that it names the identifiers of its
// rule file (rules and scripts must agree: names are data, in both).
#pragma once

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/rule_pack.h"

namespace kconv {

struct Script {
  std::string path;
  std::string text;
  std::vector<std::string> options;  // "// Options:" words
  std::set<std::string> virtuals;  // "virtual report" ...
};

Script loadScript(const std::string &path);

// The rule file's names (names, predicates, idioms, untyped_bases) the
// script's `identifier x = {a, b};` sets miss ("missing") or add
// ("extra"), and the record/field if its patterns do not spell them.
nlohmann::json scriptNameMismatch(const RuleFile &rules, const std::string &scriptText);

}  // namespace kconv
