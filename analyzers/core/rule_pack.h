// Rule packs are data (rules/*.json): every name, pattern and message a
// checker uses comes from here, so a new conversion needs JSON, not C++.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace kconv {

// One rules/*.json file: the settings of one checker for one category.
struct RuleFile {
  std::string path;
  std::string category;  // "devmap"
  std::string checker;  // which checker kind reads `config`
  nlohmann::json config;
  // Entries the tree's API ruled out (core/rule_pack_api.h): gone from
  // `config`, still known as names of this file (a semantic patch may name
  // them; its reports of them are dropped).
  std::set<std::string> gatedOut;
};

struct RulePack {
  std::string dir;
  std::vector<RuleFile> files;  // sorted by path
  std::string kconfigFragment;  // path of the pack's *.config, may be empty
  // What the tree's API did to the pack (core/rule_pack_api.h): empty while
  // the tree has the API the pack's ungated rules were written for.
  nlohmann::json api = nlohmann::json::object();

  const RuleFile *forCategory(const std::string &category) const;
  std::vector<std::string> categories() const;
};

// One rule file's text, checked against its checker's schema
// (core/rule_schema.h); `path` names it in errors.
RuleFile parseRuleFile(const std::string &text, const std::string &path);

// Loads every *.json in `dir`; throws InputError naming the file and the
// JSON problem on a malformed pack.
RulePack loadRulePack(const std::string &dir);

// The directory holding rules/, semantic-patches/ and ci/: KCONV_DATA_DIR,
// else <exe dir>/../share/kconv when it holds rules/ (an installed kconv),
// else the source tree the binary was built from.
std::string dataDir();

}  // namespace kconv
