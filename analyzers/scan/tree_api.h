// What API a kernel tree has, read from the tree itself: which of the rule
// pack's declaration probes its headers declare (include/linux/,
// include/asm-generic/, arch/*/include/asm/), and its version from the top
// Makefile. core/rule_pack_api.h turns these facts into the pack that
// applies to the tree.
#pragma once

#include <set>
#include <string>

#include "core/rule_pack_api.h"

namespace kconv {

// `probes`: "name" (a function, macro, type or enumerator named in a
// header, outside comments and strings) or "record::member" (a member of
// `struct record`'s definition).
TreeApiFacts readTreeApi(const std::string &root, const std::set<std::string> &probes);

// The pack of `rules` that applies to the tree at `root`.
RulePack packForTreeAt(const RulePack &rules, const std::string &root);

}  // namespace kconv
