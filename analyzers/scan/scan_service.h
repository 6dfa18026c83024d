// The one scan service, used by `kconv scan`, `kconv propose` and `kconv
// gate`: runs the engines a scan asks for and merges their findings (the
// lexical scan, then Clang told which lines to report as compiled, then
// Coccinelle, then the merge and the cross-check), turns them into a
// classified, fingerprinted ScanResult, and scans chosen translation units
// alone (a commit's affected TUs, a rewritten file's TU).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "kernel/build_dir.h"
#include "kernel/compile_db.h"
#include "kernel/kernel_tree.h"

namespace kconv {

struct ScanEngines {
  std::string engine = "both";  // clang | cocci | both
  unsigned jobs = 1;
  std::vector<std::string> paths;
  bool prefilter = true;  // clang engine: see clang/prefilter.h
  std::string cacheDir;  // clang engine: per-TU results; empty: none
  // --shard K/N: Clang's TUs and Coccinelle's files split N ways; with
  // Coccinelle, coverage.engine_parts carries what kconv merge needs.
  unsigned shardIndex = 0, shardCount = 1;
  unsigned cocciBatch = 16;  // files per spatch process
  unsigned cocciChunk = 64;  // files per unit of Coccinelle work
  std::set<std::string> dependencyNeutral;  // clang engine: EngineOptions
  bool preferCached = false;  // clang engine: EngineOptions
  std::function<void(unsigned done, unsigned total, const std::string &item)> progress;
  std::function<void(const std::string &)> status;
};

// One architecture's configuration for the engines (scan --arch): the tree
// as built for it and its compile database. The first is the host's.
struct ArchCommands {
  const KernelTree *tree = nullptr;
  const std::vector<CompileCommand> *commands = nullptr;
};

// An architecture that could not be prepared here (a Clang too old for
// loongarch): named in coverage and in its sites' unverified notes.
struct UnbuiltArch {
  std::string arch;  // ARCH= name
  std::string reason;  // one line
};

struct EngineRun {
  std::vector<Finding> findings;  // sorted, not yet classified or fingerprinted
  Coverage coverage;
  nlohmann::json profile = nlohmann::json::object();  // ScanResult::profile
};

struct EngineParts;
// The engine merge over the engines' parts, into `run` (which holds Clang's
// coverage): the one path for one run and for kconv merge of its shards.
EngineRun mergeEngineParts(EngineRun run, EngineParts parts);

// Throws InputError when a tool the engines need is missing (spatch), so
// the scan stops before any long work.
void checkEngineTools(const std::string &engine);

EngineRun runEngines(const ScanEngines &options, const KernelTree &tree,
                     const RulePack &rules,
                     const std::vector<CompileCommand> &commands);
// Several architectures: Clang runs on each one's compile database, a site
// seen by several is one finding with details.arches, and Coccinelle's
// sites are verified by any architecture's Clang run.
EngineRun runEngines(const ScanEngines &options, const RulePack &rules,
                     const std::vector<ArchCommands> &arches,
                     const std::vector<UnbuiltArch> &unbuilt);

// Every finding classified by the rule pack and fingerprinted: what a
// report, a proposal and a gate delta compare.
void finishFindings(std::vector<Finding> &findings, const RulePack &rules);

// The scan of a prepared configuration as kconv reports it: the engines'
// findings, finished, with the tree and configuration they came from.
ScanResult scanPrepared(const ScanEngines &options, const KernelTree &tree,
                        const RulePack &rules, const PreparedBuild &build,
                        const std::string &configName);

struct ArchBuild {
  KernelTree tree;  // kernel/arches.h forArch()
  PreparedBuild build;
};
ScanResult scanPrepared(const ScanEngines &options, const RulePack &rules,
                        const std::vector<ArchBuild> &arches,
                        const std::vector<UnbuiltArch> &unbuilt, const std::string &configName);

// The Clang engine over chosen TUs only (their commands already point at
// `root`, e.g. a scratch checkout). Findings are sorted, not finished.
// options.paths: only sites in those files are reported (a header alone:
// the pre-filter picks the TUs that can hold its sites).
struct UnitScan {
  std::vector<Finding> findings;
  unsigned parsed = 0, failed = 0;
  unsigned fromCache = 0;  // of parsed + failed, results the per-TU cache served
  std::map<std::string, std::string> failedFiles;  // root-relative TU -> first error
};
UnitScan scanUnits(const std::vector<CompileCommand> &commands, const RulePack &rules,
                   const std::string &root, const ScanEngines &options);

}  // namespace kconv
