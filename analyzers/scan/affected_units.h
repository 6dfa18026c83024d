// Which translation units a change can affect: the TU of each changed .c
// file, and the TUs that include each changed header (clang/includer_index).
// One selection for the three callers, which differ only in policy:
//  - the gate's findings delta takes every includer, and --paths limits
//    every TU (a TU outside reads the change but is not analysed);
//  - propose's rescan needs one TU per changed file (a file's findings are
//    the same from any TU that reads it);
//  - propose's compile check compiles touched TUs always and the includers
//    of changed headers under --check-paths; a changed .c file without a
//    TU of its own is "not built", whoever includes it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/compile_db.h"

namespace kconv {

// The compile database seen from the tree: which command compiles which
// tree-relative source file.
class SourceUnits {
 public:
  SourceUnits(const std::vector<CompileCommand> &commands, const std::string &root);
  std::optional<size_t> unitOf(const std::string &relativeFile) const;
  std::string fileOf(size_t command) const;  // tree-relative

 private:
  const std::vector<CompileCommand> &commands_;
  std::string root_;  // with a trailing '/'
  std::map<std::string, size_t> bySource_;
};

struct SelectionPolicy {
  bool oneIncluder = false;  // one TU per changed file is enough
  bool headersOnly = false;  // only .h files are looked up among includers
  std::vector<std::string> paths;  // includers outside these are left out (empty: none)
  bool pathsLimitTouched = false;  // ... and the touched TUs too
};

struct UnitSelection {
  std::map<size_t, std::string> units;  // command index -> "touched" | "includes F"
  std::vector<std::string> unread;  // changed .c/.h files no selected TU reads
  unsigned outsidePaths = 0;  // TUs left out by SelectionPolicy::paths (each once)
};

using IncludersOf = std::function<std::vector<size_t>(const std::string &relativeHeader)>;

UnitSelection selectUnits(const std::vector<std::string> &changed, const SourceUnits &sources,
                          const IncludersOf &includersOf, const SelectionPolicy &policy);

}  // namespace kconv
