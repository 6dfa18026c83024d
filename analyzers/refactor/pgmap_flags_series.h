// The pgmap-flags refactor as a series: patch 1 adds the behaviour flags and
// sets them from the type at registration (kconv's own edits, flag_intro.h);
// then one patch per MAINTAINERS entry rewrites that subsystem's type tests
// into flag tests with the semantic patches (site_rewriter.h). Only flags
// with at least one converted site are introduced.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "refactor/conversion_plan.h"
#include "refactor/inventory.h"
#include "kernel/maintainers_matcher.h"
#include "refactor/pgmap_rules.h"
#include "refactor/series.h"
#include "refactor/site_rewriter.h"

namespace kconv::refactor {

struct PgmapSeries {
  std::vector<PlannedCommit> commits;  // empty: nothing to convert
  std::vector<const Behaviour *> flags;  // introduced, by bit
  std::unique_ptr<ConversionPlan> plan;  // rewrites point into it
  RewriteResult rewrites;
  std::vector<Refusal> refused;  // not converted, with the reason
};

struct PgmapSeriesInput {
  const Inventory *inventory;
  const PgmapRules *rules;
  FileReader readBase;  // tree-relative path -> content at the base commit
  SubsystemOf subsystemOf;  // MAINTAINERS section title per tree-relative file
  std::string semanticPatchDir;
  std::string workDir;  // scratch space for spatch
  nlohmann::json text;  // rules/pgmap-type.json "series": subjects, motivation
};

PgmapSeries planPgmapSeries(const PgmapSeriesInput &in);

// "MEMORY_DEVICE_PRIVATE, ..." -> "DEVICE_PRIVATE, ..." in enum order.
std::string typeNames(const std::set<std::string> &types);

}  // namespace kconv::refactor
