// The Clang engine: every selected TU of the compile database parsed in
// parallel, findings merged so a header site is reported once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "clang/active_lines.h"
#include "core/job_slots.h"
#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "kernel/compile_db.h"
#include "kernel/tree_paths.h"

namespace kconv {

struct EngineOptions {
  unsigned jobs = 1;
  std::vector<std::string> paths;  // tree-relative prefixes; empty: all
  // Parse only the TUs that can produce findings (prefilter.h); off, every
  // selected TU is parsed. Both give the same findings.
  bool prefilter = true;
  std::string cacheDir;  // per-TU results (tu_cache.h); empty: no cache
  // This run parses only the selected TUs whose index i has
  // i % shardCount == shardIndex; `kconv merge` joins the shards.
  unsigned shardIndex = 0, shardCount = 1;
  // Absolute paths of files changed in a way that keeps every TU's
  // dependencies (TuCache::load's `stale`): a cached TU that read one is
  // parsed again but not dependency-scanned again.
  std::set<std::string> dependencyNeutral;
  // Cover a header's context with a TU whose result is cached where one
  // will do (planParses' `preferred`). Off for scans: which TU covers a
  // header would then depend on the cache, and so might coverage counts.
  bool preferCached = false;
  // Lines to report as compiled or not (EngineResult::activeLines); none: skip.
  const LinesOfInterest *linesOfInterest = nullptr;
  // Shared with work running beside the engine (scan --engine both runs
  // Coccinelle alongside): every dependency scan and parse holds a slot.
  // Null: `jobs` alone limits.
  std::shared_ptr<JobSlots> slots;
  // Called after each TU (from worker threads, serialised).
  std::function<void(unsigned done, unsigned total, const std::string &file)>
      progress;
};

struct EngineResult {
  std::vector<Finding> findings;  // merged, sorted
  Coverage coverage;
  // Tree-relative files Clang parsed (TUs and every header they include):
  // a site elsewhere is in a file this configuration does not build.
  std::set<std::string> filesSeen;
  // TUs whose results came from the cache. Not part of the report: the
  // report depends on the input only, never on what was cached.
  unsigned fromCache = 0;
  // Of EngineOptions::linesOfInterest, those some TU compiled: a line of a
  // file in filesSeen missing here is in a branch the configuration skips.
  std::map<std::string, std::set<unsigned>> activeLines;
};

EngineResult runClangEngine(const std::vector<CompileCommand> &commands,
                            const RulePack &rules, const std::string &treeRoot,
                            const EngineOptions &options);

}  // namespace kconv
