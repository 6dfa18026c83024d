// Reads a findings file for a report and refuses what would make the report
// wrong rather than fail: not kconv's JSON, another kconv version (rule ids
// and fingerprints may differ, so a progress diff would be noise), findings
// without a file or line, or listed twice. Errors are InputError naming the
// file; nothing is dropped silently.
#pragma once

#include <string>

#include "core/scan_result.h"
#include "report/report_model.h"

namespace kconv {

struct LoadedFindings {
  ScanResult scan;
  FindingsSource source;
};

LoadedFindings loadFindingsFile(const std::string &path);

// Checks that `treeRoot` (the MAINTAINERS tree) is the tree the findings
// were scanned on: the same release (major.minor), every finding's file in
// it. Throws InputError if not. A different stable update (6.12.57 vs
// 6.12.58: same files, lines may shift) is returned as a problem to report.
// `treeVersion` is what kconv detected for `treeRoot`.
std::vector<InputProblem> checkFindingsMatchTree(const LoadedFindings &f,
                                                 const std::string &treeRoot,
                                                 const std::string &treeVersion);

}  // namespace kconv
