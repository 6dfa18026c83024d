// What the pgmap-flags refactor reads from rules/pgmap-type.json: one
// behaviour per flag, the memory types whose registration sets it, and the
// semantic patch that rewrites its type tests. Data, so a new behaviour or
// a renamed flag needs JSON and a .cocci file, not C++.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/rule_pack.h"

namespace kconv::refactor {

struct Behaviour {
  std::string id;  // "swap-entry"
  std::string flag;  // "PGMAP_USE_SWAP_ENTRY"; empty for keep
  unsigned bit = 0;  // the flag is (1 << bit) in dev_pagemap::flags
  std::set<std::string> types;  // memory types whose pgmaps get the flag
  std::string config;  // without this option the flag is 0 (optional)
  std::string description;
  std::string semanticPatch;  // file in semantic-patches/, may be empty
};

struct PgmapRules {
  std::vector<Behaviour> behaviours;  // by bit
  std::string pgmapHelper, pageHelper, folioHelper;  // pgmap_has_flag() ...
  std::map<std::string, std::set<std::string>> predicateTypes;  // name -> types

  const Behaviour *behaviour(const std::string &id) const;
};

// Throws InputError when the pack has no pgmap-type file, or a flagged
// behaviour lacks types, or two flags share a bit (bit 0 is
// PGMAP_ALTMAP_VALID's).
PgmapRules loadPgmapRules(const RulePack &pack);

}  // namespace kconv::refactor
