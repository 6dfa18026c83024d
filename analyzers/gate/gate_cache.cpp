#include "gate/gate_cache.h"

#include <filesystem>

#include <llvm/Support/xxhash.h>

#include "core/atomic_file.h"
#include "kernel/cache_dir.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// Bumped when CommitResult's JSON changes shape.
constexpr const char *kSchema = "gate-result-1";

// The version, and the binary itself: a rebuilt kconv of the same version
// may judge the same commit differently (as the per-TU cache does).
const std::string &kconvIdentity() {
  static const std::string id = [] {
    std::string v = KCONV_VERSION;
    try {
      return v + '\0' + std::to_string(llvm::xxHash64(readFile("/proc/self/exe")));
    } catch (...) {
      return v;
    }
  }();
  return id;
}

}  // namespace

GateCache::GateCache(std::string configHash, std::string dir)
    : configHash_(std::move(configHash)),
      dir_(dir.empty() ? cacheDir() + "/gate/results" : std::move(dir)) {}

std::string GateCache::keyFor(const git::CommitInfo &commit, const std::string &parentTree) const {
  std::string identity = commit.author.name + '\0' + commit.author.email + '\0' + commit.message;
  return shortHash(std::string(kSchema) + '\0' + kconvIdentity() + '\0' + configHash_ + '\0' +
                       commit.tree + '\0' + parentTree + '\0' + identity,
                   32);
}

std::optional<CommitResult> GateCache::load(const std::string &key) const {
  std::string path = dir_ + "/" + key + ".json";
  if (!fs::exists(path)) return std::nullopt;
  try {
    CommitResult r = commitResultFromJson(nlohmann::json::parse(readFile(path)));
    r.cached = true;
    return r;
  } catch (const std::exception &) {
    return std::nullopt;  // a damaged entry is recomputed, never trusted
  }
}

void GateCache::store(const std::string &key, const CommitResult &result) const {
  fs::create_directories(dir_);
  writeFileAtomically(dir_ + "/" + key + ".json", toJson(result).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::string gateConfigHash(const std::vector<std::string> &files, const std::string &flags) {
  std::string all = flags;
  for (const std::string &f : files)
    all += '\0' + f + '\0' + (fs::exists(f) ? readFile(f) : std::string("(missing)"));
  return shortHash(all, 32);
}

}  // namespace kconv
