// kconv propose --refactor pgmap-flags, start to end: inventory of the
// pgmap-type sites, the series (pgmap_flags_series.h) on the branch, its
// checks, the findings after the series (only keep sites may remain), the
// cover letter and the worklist of what was not converted.
#pragma once

#include "refactor/workspace.h"

namespace kconv::refactor {

// Returns the exit code: 0 when the series passes every check, 1 when a
// check fails (a TU does not compile, a new warning, a checkpatch error, or
// a site other than keep remains).
int proposePgmapFlags(Workspace &ws);

}  // namespace kconv::refactor
