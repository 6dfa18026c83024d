// Which translation units of the compile database read a given header, from
// Clang's dependency scanner (about 20 ms a TU), kept on disk per compile
// database and base tree so a second run does not scan again. A TU whose
// scan failed counts as reading every header: compiling too much is safe,
// too little is not.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kernel/compile_db.h"

namespace kconv {

class TuCache;

class IncluderIndex {
 public:
  // `cacheFile` empty: no cache. `treeRoot`: headers are kept tree-relative.
  // `tuCache`: dependency lists are taken from the per-TU cache and the
  // ones scanned stored there, so the engine's pre-filter that follows
  // (the gate's findings) does not scan the same TUs again.
  IncluderIndex(const std::vector<CompileCommand> &commands, const std::string &treeRoot,
                unsigned jobs, const std::string &cacheFile, TuCache *tuCache = nullptr);

  // Indices into the commands, ascending.
  std::vector<size_t> includersOf(const std::string &relativeHeader) const;
  unsigned unscanned() const { return static_cast<unsigned>(unscanned_.size()); }

 private:
  std::map<std::string, std::vector<size_t>> byHeader_;
  std::vector<size_t> unscanned_;
};

}  // namespace kconv
