// Configures a kernel tree out of tree (O= in the cache) for a scan:
// defconfig + the rule pack's Kconfig fragment, olddefconfig, `make prepare`,
// then the compile database from a dry run of the full build. Steps are the
// plain functions of build_dir.cpp, called in order, as kunit.py does.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/rule_pack.h"
#include "kernel/compile_db.h"
#include "kernel/kconfig.h"
#include "kernel/kernel_tree.h"

namespace kconv {

struct BuildConfig {
  std::string name;  // "zone-device", shown in reports
  std::string fragmentPath;  // Kconfig fragment applied on top of defconfig
};

// --config NAME picks <rules>/NAME.config; a path picks that fragment; none
// picks the rule pack's own fragment. Throws InputError when there is none.
BuildConfig buildConfigFor(const std::string &arg, const RulePack &rules);

struct PrepareOptions {
  unsigned jobs = 1;
  std::function<void(const std::string &)> status;  // progress messages
};

struct PreparedBuild {
  std::string buildDir;  // the O= directory
  std::string compileDbPath;
  std::string configName;
  bool fromTree = false;  // the tree's own compile_commands.json was used
  bool reused = false;  // an earlier preparation was still valid
  std::vector<DroppedOption> dropped;  // requested options Kconfig refused
  std::vector<CompileCommand> commands;  // every C TU, sorted by file
};

// Throws InputError on an in-tree build without a compilation database, a
// missing compiler, or a failing make step (naming the kept log).
PreparedBuild prepareBuild(const KernelTree &tree, const BuildConfig &config,
                           const PrepareOptions &options);

}  // namespace kconv
