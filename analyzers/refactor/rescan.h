// Findings of a generated commit without scanning the whole tree again: it
// differs from the scanned base only in the files the series changed, so
// every other file keeps its findings, and each changed file is parsed
// again in the scratch checkout through its own TU (a .c file) or one TU
// that includes it (a header).
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "core/rule_pack.h"
#include "kernel/compile_db.h"
#include "clang/includer_index.h"

namespace kconv::refactor {

struct Rescan {
  std::vector<Finding> findings;  // unclassified, sorted
  std::vector<std::string> unscanned;  // changed files no TU of the configuration reads
  unsigned parsed = 0, failed = 0;
};

Rescan rescanChanged(const std::vector<Finding> &before, const std::vector<std::string> &changed,
                     const std::vector<CompileCommand> &db, const std::string &treeRoot,
                     const std::string &checkoutDir, const IncluderIndex &index,
                     const RulePack &rules, unsigned jobs, const std::string &cacheDir);

}  // namespace kconv::refactor
