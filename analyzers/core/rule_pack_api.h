// Version- and API-aware rule packs: which rules apply to a tree.
//
// A rule entry (names[], predicates[], idioms[], ops.members[]) may say
// when it applies ("applies": {"declares": [...], "since": "6.15"}), and a
// rule file when its whole category does ("api": {"applies": ..., "absent":
// "complete"|"inactive"}). The tree's own headers decide first (is the
// declaration there or not), its Makefile's VERSION/PATCHLEVEL second (only
// when the headers could not be read). packForTree() gives the pack the
// engines run for one tree: entries that do not apply removed, categories
// whose API is gone dropped and named "complete", and `api` filled in for
// coverage.api when the tree has moved away from what the ungated rules
// describe (a tree with the API they were written for gets the pack as it
// is, and an output without coverage.api).
#pragma once

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/rule_pack.h"

namespace kconv {

struct TreeApiFacts {
  // The tree's headers were read: declarations decide.
  bool headersRead = false;
  // Each declaration probe the tree's headers declare -> the header.
  // "pte_devmap" (a function, macro or type), "folio::pgmap" (a member of
  // struct folio). Probes not listed are not declared.
  std::map<std::string, std::string> declared;
  unsigned version = 0;  // major * 100 + minor (6.17 -> 617); 0: unknown
};

// Every declaration probe the pack's conditions name, sorted.
std::set<std::string> apiProbes(const RulePack &pack);

// Checks every "applies" and "api" of one rule file beyond its schema
// (a condition names something, versions are MAJOR.MINOR, idioms only use
// names of the file); InputError "<name>: <key path>: ..." otherwise.
void validateApiConditions(const nlohmann::json &config, const std::string &name);

// The pack as it applies to a tree with these facts.
RulePack packForTree(const RulePack &pack, const TreeApiFacts &facts);

// "6.17" -> 617; 0 for anything else.
unsigned versionNumber(const std::string &majorMinor);

}  // namespace kconv
