// The Coccinelle engine: every file the lexical scan found a rule's name
// in, in every #if branch, on every architecture, built or not. spatch runs
// semantic-patches/<category>.cocci in report mode over them; preprocessor
// lines, which SmPL cannot match (#define NAME, #ifdef NAME), come from the
// lexical scan. Findings are `engine: cocci`, `verified: false`: whether
// Clang saw them is for the engine merge to say.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine_merge.h"
#include "core/finding.h"
#include "core/job_slots.h"
#include "core/rule_pack.h"
#include "core/source_occurrence.h"

namespace kconv {

struct CocciOptions {
  unsigned jobs = 1;
  unsigned timeoutPerFile = 120;  // seconds, spatch --timeout
  // Files per spatch process. Typing passes share the headers they parse
  // among a process's files: on v6.12, 16 instead of 8 (with chunks of 64
  // instead of 32) cut the recursive pass's CPU from 122 s to 90 s, the
  // findings and explanations unchanged (docs/benchmarks.md).
  unsigned batchSize = 16;
  // Files per unit of work (cocci_engine.cpp chunksOf): with the batch
  // size, what decides which files share a process, hence the results.
  unsigned chunkSize = 64;
  std::string scriptsDir;  // empty: <data dir>/semantic-patches
  std::string spatch;  // empty: spatch on PATH
  // Re-run files with accesses Coccinelle could not type, with header types.
  bool headerTypes = true;
  std::string srcArch = "x86";  // the scan's arch/ directory
  std::vector<std::string> generatedIncludeDirs;  // its generated headers, if built
  // The same for the other built architectures (scan --arch), by arch/ directory.
  std::map<std::string, std::vector<std::string>> otherArchGeneratedDirs;
  // scan --shard K/N: the chunks of the scripts (each script's sorted
  // files, the scripts in the rule pack's order) numbered one after the
  // other, those at index i % shardCount == shardIndex. Directive sites
  // come from the lexical scan in every shard (the merge unites them).
  unsigned shardIndex = 0, shardCount = 1;
  // Shared with work running beside the engine (scan --engine both runs
  // Clang alongside): each spatch process holds a slot. Null: `jobs`.
  std::shared_ptr<JobSlots> slots;
  std::function<void(unsigned done, unsigned total, const std::string &item)> progress;
  std::function<void(const std::string &)> status;  // one call per script
};

struct CocciResult {
  std::vector<Finding> findings;  // sorted, engine "cocci"
  std::vector<SiteNote> notes;  // accesses it typed as another record, or could not type
  // scripts, files, problems (timeouts, crashes, errors, malformed lines:
  // counted and named), script/rule name mismatches. Deterministic: the
  // same for one run and for the merged shards of it.
  nlohmann::json coverage = nlohmann::json::object();
  // Where the time went (scan --profile): per script and typing pass the
  // files, processes and seconds, and the slowest processes with their
  // files. Not part of the report: it changes from run to run.
  nlohmann::json profile = nlohmann::json::object();
};

// Throws InputError ("spatch not found ...") when spatch is missing.
CocciResult runCocciEngine(const RulePack &rules, const std::string &treeRoot,
                           const std::vector<SourceOccurrence> &occurrences,
                           const CocciOptions &options);

// The spatch program the engine would run, or InputError.
std::string findSpatch(const std::string &hint = "");

}  // namespace kconv
