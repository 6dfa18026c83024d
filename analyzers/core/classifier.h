// Applies a rule file's "classify" table to its category's findings: the
// first entry whose "when" matches sets its "set" values in details (for
// pgmap-type, the behaviour a site implements). Pure data, so maintainers
// refine classification without touching C++.
//
//   "classify": [
//     {"when": {"rule": "regex", "types": ["MEMORY_DEVICE_FS_DAX"],
//               "function": "regex", "file": "regex", "code": "regex",
//               "kind": "use"},
//      "set": {"behaviour": "managed-free"}}
//   ]
//
// All conditions given must hold; "types" holds when the site's
// details.types shares one type with the list. Unmatched findings get
// the file's "default" values, if it has them.
#pragma once

#include <vector>

#include "core/finding.h"
#include "core/rule_pack.h"

namespace kconv {

void classifyFindings(std::vector<Finding> &findings, const RulePack &rules);

}  // namespace kconv
