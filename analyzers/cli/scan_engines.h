// Runs the engines `kconv scan --engine` asks for and merges their
// findings: the lexical scan, then Clang (told which lines to report as
// compiled), then Coccinelle, then the merge and the cross-check.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "kernel/compile_db.h"
#include "kernel/kernel_tree.h"

namespace kconv {

struct ScanEngines {
  std::string engine = "both";  // clang | cocci | both
  unsigned jobs = 1;
  std::vector<std::string> paths;
  bool prefilter = true;  // clang engine: see clang/prefilter.h
  std::string cacheDir;  // clang engine: per-TU results; empty: none
  unsigned shardIndex = 0, shardCount = 1;  // clang engine only
  std::function<void(unsigned done, unsigned total, const std::string &item)> progress;
  std::function<void(const std::string &)> status;
};

struct EngineRun {
  std::vector<Finding> findings;  // sorted, not yet classified or fingerprinted
  Coverage coverage;
};

// Throws InputError when a tool the engines need is missing (spatch), so
// the scan stops before any long work.
void checkEngineTools(const std::string &engine);

EngineRun runEngines(const ScanEngines &options, const KernelTree &tree,
                     const RulePack &rules,
                     const std::vector<CompileCommand> &commands);

}  // namespace kconv
