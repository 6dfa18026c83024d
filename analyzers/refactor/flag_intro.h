// kconv's own edits for the first patch of the pgmap-flags series, where a
// semantic patch has nothing to match: the PGMAP_* behaviour flags and their
// helpers in include/linux/memremap.h, and in mm/memremap.c the one place
// that sets them from the memory type when memremap_pages() registers a
// pgmap. Placed at anchors that v6.1 and v6.12 share; a tree without them
// is refused (InputError naming the anchor).
#pragma once

#include <string>
#include <vector>

#include "refactor/pgmap_rules.h"

namespace kconv::refactor {

constexpr const char *kMemremapHeader = "include/linux/memremap.h";
constexpr const char *kMemremapSource = "mm/memremap.c";

// `flags`: the behaviours the series uses, in bit order.
std::string addFlagDefinitions(const std::string &header,
                               const std::vector<const Behaviour *> &flags,
                               const PgmapRules &rules);

std::string addFlagRegistration(const std::string &source,
                                const std::vector<const Behaviour *> &flags);

// The memory types in enum memory_type order.
const std::vector<std::string> &memoryTypes();

// Wraps `text` into lines of at most `width` columns (tabs count 8), the
// first prefixed by `first`, the rest by `rest`.
std::string wrapText(const std::string &text, const std::string &first,
                     const std::string &rest, unsigned width);

}  // namespace kconv::refactor
