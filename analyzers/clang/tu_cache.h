// Per-TU results kept between runs, as ccache's direct mode keeps objects:
// an entry is keyed by the command (flags, file, build directory), the rule
// pack and the kconv binary, and stores every file the TU read with its
// size, mtime and content hash. It is valid while each file still has that
// content (size and mtime equal, or else the same hash), so an unchanged TU
// is never parsed twice and an edited header invalidates exactly the TUs
// that read it.
//
// Keys and file lists are tree-relative (as ccache's base_dir makes them):
// the same command on another copy of the tree (the gate's scratch
// checkout of the user's HEAD, a worktree) finds the same entry, valid
// while every file has the same content there. So `kconv scan` of the
// user's tree warms the gate's parent side, and commits of a series share
// every TU they did not change.
#pragma once

#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "clang/dependency_scan.h"
#include "clang/tu_scanner.h"
#include "core/rule_pack.h"
#include "kernel/compile_db.h"

namespace kconv {

// File size, mtime and content hash, each file looked at once per run.
class FileStamps {
 public:
  struct Record {
    uint64_t size;
    int64_t mtime;
    uint64_t hash;
  };
  Record record(const std::string &path);
  // Whether `path` is still what record() said: same size and mtime, or
  // same size and content hash.
  bool matches(const std::string &path, uint64_t size, int64_t mtime, uint64_t hash);
  bool absent(const std::string &path);

 private:
  struct Stamp {
    bool exists = false;
    uint64_t size = 0;
    int64_t mtime = 0;
    std::optional<uint64_t> hash;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Stamp> stamps;
  };
  static constexpr size_t kShards = 64;
  Shard &shardOf(const std::string &path);
  Stamp &stat(const std::string &path);
  uint64_t hash(const std::string &path, Stamp &stamp);

  Shard shards_[kShards];
};

class TuCache {
 public:
  // `dir` empty: caching off. `treeRoot`: paths under it are kept
  // relative to it (empty: absolute).
  TuCache(std::string dir, const RulePack &rules, std::string treeRoot = "");

  struct Entry {
    std::vector<std::string> files;  // every file the TU reads
    std::optional<TuResult> result;  // absent: only dependencies were scanned
    // A failure kept by storeFailure(): the dependency scan failed too,
    // `files` are those read up to the error (not a dependency list).
    bool dependencyScanFailed = false;
  };

  // `stale`: files whose change keeps the TU's dependencies but not its
  // result (a header change with the same directives, scan/confined_headers.h):
  // such an entry comes back with its files and without its result.
  std::optional<Entry> load(const CompileCommand &command,
                            const std::set<std::string> &stale = {});
  void store(const CompileCommand &command, const std::vector<std::string> &files,
             const TuResult *result);
  // A TU whose dependency scan and parse both failed on files that do not
  // exist (a header the build generates): valid while every file it read
  // is unchanged and every path in result.filesAbsent still does not
  // exist, so the failure is not parsed again by every scan and gate. A
  // failure without such paths is not kept (what it depends on is unknown).
  void storeFailure(const CompileCommand &command, const TuResult &result);

 private:
  std::string pathFor(const CompileCommand &command) const;
  // `absent`: null, or the paths of storeFailure().
  void storeVersion(const CompileCommand &command, const std::vector<std::string> &files,
                    const TuResult *result, nlohmann::json absent);
  std::string relative(const std::string &text) const;  // root -> placeholder
  std::string absolute(const std::string &path) const;  // placeholder -> root

  std::string dir_;
  std::string root_;  // with a trailing '/'; empty: none
  std::string salt_;
  FileStamps stamps_;
};

// Dependency-scans each command whose `deps[i]` is not ok yet (the cache
// did not know it) and stores what the scan finds in `cache` (may be null).
// One pass for the engine's pre-filter and the includer index, so either
// one's scans serve the other.
void scanMissingDependencies(const std::vector<const CompileCommand *> &commands,
                             const std::vector<TuDependencies *> &deps, TuCache *cache,
                             unsigned jobs, JobSlots *slots = nullptr);

}  // namespace kconv
