// Per-commit gate results kept between runs, so a rerun of an unchanged
// series is immediate and a rebased series redoes only the commits whose
// trees changed. A result is keyed by what it depends on:
//   - the commit's tree and its parent's tree (the delta, the build and the
//     tests depend on the trees only, not on commit ids, so a rebase that
//     leaves a commit's trees alone keeps its result);
//   - the patch's message and author (checkpatch reads them);
//   - the gate configuration (Kconfig fragments, rule pack, steps run);
//   - the kconv version and binary.
// Entries live in <cache>/gate/results/<key>.json ($KCONV_CACHE honoured),
// written atomically; an entry that does not parse is a miss.
#pragma once

#include <optional>
#include <string>

#include "gate/gate_result.h"
#include "git/repository.h"

namespace kconv {

class GateCache {
 public:
  // `configHash`: gateConfigHash() of this run. `dir` empty: the default.
  explicit GateCache(std::string configHash, std::string dir = "");

  std::string keyFor(const git::CommitInfo &commit, const std::string &parentTree) const;
  std::optional<CommitResult> load(const std::string &key) const;
  void store(const std::string &key, const CommitResult &result) const;
  const std::string &dir() const { return dir_; }

 private:
  std::string configHash_;
  std::string dir_;
};

// Hash of the parts of the configuration every result depends on: the
// contents of the given files (fragments, rule files) and `flags`.
std::string gateConfigHash(const std::vector<std::string> &files, const std::string &flags);

}  // namespace kconv
