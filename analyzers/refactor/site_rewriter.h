// Applies a conversion plan: each behaviour's semantic patch in flag-bit
// order, one spatch run over all files with sites of that behaviour, every
// later run finding its sites through the line maps of the earlier ones. A rewrite counts as done only when its lines
// changed and the file lost exactly the planned test tokens; anything else
// is refused with the reason, so the series never claims a site it did not
// convert.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "refactor/conversion_plan.h"

namespace kconv::refactor {

struct FileRewrite {
  std::string before, after;
  std::vector<const PlannedRewrite *> applied;
};

struct RewriteResult {
  std::map<std::string, FileRewrite> files;  // only files that changed
  std::vector<Refusal> refused;  // planned rewrites that did not happen
};

RewriteResult applyRewrites(const ConversionPlan &plan, const std::string &semanticPatchDir,
                            const FileReader &read, const std::string &workDir);

}  // namespace kconv::refactor
