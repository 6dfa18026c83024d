// What every `kconv propose` starts from: the user's kernel tree as a git
// repository with a clean work tree (so the scanned files are exactly the
// base commit's), the rule pack, the scan configuration's compile database,
// and the classified findings of a clang scan. Also where kconv keeps its
// scratch files and the proposal's output, never inside the tree.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "git/repository.h"
#include "kernel/build_dir.h"
#include "kernel/kernel_tree.h"
#include "clang/includer_index.h"

namespace kconv::refactor {

struct ProposeOptions {
  std::string refactor;  // pgmap-flags | devmap | page-mapping
  std::string tree, branch, rules, config, out, inventory;
  std::vector<std::string> paths;  // scan only these (default: whole tree)
  std::vector<std::string> checkPaths;  // compile only includers under these
  bool proveHeaders = true;  // CompileCheckOptions::proveHeaders
  unsigned jobs = 1;
  bool signoff = false, force = false, check = true;
  std::function<void(const std::string &)> status;  // progress (terminal)
  std::function<void(unsigned, unsigned, const std::string &)> progress;
  std::function<void()> progressDone;
  std::ostream *report = nullptr;  // what the user reads (stdout)
};

struct Workspace {
  // The caller's options with --paths and --check-paths made tree-relative.
  std::shared_ptr<const ProposeOptions> options;
  std::unique_ptr<git::Repository> repo;
  KernelTree tree;
  RulePack rules;
  PreparedBuild build;
  git::CommitInfo base;
  ScanResult scan;  // classified findings of the base
  std::string outDir;  // the proposal's files
  std::string workDir;  // kconv's scratch for this tree
  std::string cacheRoot;  // shared caches of propose
  std::string tuCacheDir;  // the scan's per-TU results (the includer index reads it too)
  std::unique_ptr<IncluderIndex> includers;  // built on first need

  std::ostream &out() const { return *options->report; }
  void status(const std::string &m) const {
    if (options->status) options->status(m);
  }
  // Base content of a tree-relative file (nullopt: not in the base commit).
  std::optional<std::string> readBase(const std::string &path) const;
};

// Validates the tree (git repository, top of its work tree, clean) before
// anything else, then prepares the build and scans. Throws InputError.
Workspace openWorkspace(const ProposeOptions &options);

}  // namespace kconv::refactor
