// kconv propose --refactor devmap | page-mapping: the provably safe part of
// a conversion as patches, and a per-site worklist for the rest. The rule
// file's "refactor" section says which sites are candidates, which
// semantic patch proves and rewrites them (it leaves what it cannot prove),
// and, for devmap, the helpers the rewrites call (added first, by kconv).
// One patch per MAINTAINERS entry, checked as every series is.
#pragma once

#include "refactor/workspace.h"

namespace kconv::refactor {

// Returns the exit code: 0 when the series (if any) passes every check,
// 1 when a check fails.
int proposeMechanical(Workspace &ws, const std::string &category);

}  // namespace kconv::refactor
