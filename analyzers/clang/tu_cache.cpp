#include "clang/tu_cache.h"

#include <filesystem>
#include <sys/stat.h>

#include <llvm/Support/xxhash.h>

#include "core/atomic_file.h"
#include "kernel/cache_dir.h"

namespace fs = std::filesystem;

namespace kconv {

FileStamps::Stamp &FileStamps::stat(const std::string &path) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = stamps_.find(path);
  if (it != stamps_.end()) return it->second;
  Stamp s;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    s.exists = true;
    s.size = st.st_size;
    s.mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  return stamps_.emplace(path, s).first->second;
}

uint64_t FileStamps::hash(const std::string &path, Stamp &stamp) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stamp.hash) return *stamp.hash;
  }
  uint64_t h = stamp.exists ? llvm::xxHash64(readFile(path)) : 0;
  std::lock_guard<std::mutex> lock(mutex_);
  stamp.hash = h;
  return h;
}

nlohmann::json FileStamps::record(const std::string &path) {
  Stamp &s = stat(path);
  return {path, s.size, s.mtime, hash(path, s)};
}

bool FileStamps::matches(const std::string &path, uint64_t size, int64_t mtime, uint64_t hash) {
  Stamp &s = stat(path);
  if (!s.exists || s.size != size) return false;
  return s.mtime == mtime || this->hash(path, s) == hash;
}

bool FileStamps::absent(const std::string &path) { return !stat(path).exists; }

// The binary itself is part of the key: a rebuilt kconv may find other
// things in the same source.
static std::string binaryHash() {
  static const std::string h = [] {
    try {
      return std::to_string(llvm::xxHash64(readFile("/proc/self/exe")));
    } catch (...) {
      return std::string(KCONV_VERSION);
    }
  }();
  return h;
}

TuCache::TuCache(std::string dir, const RulePack &rules, std::string treeRoot)
    : dir_(std::move(dir)) {
  if (dir_.empty()) return;
  if (!treeRoot.empty()) root_ = treeRoot.back() == '/' ? treeRoot : treeRoot + "/";
  std::string rulesText;
  for (const RuleFile &rf : rules.files) rulesText += rf.config.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  salt_ = binaryHash() + '\0' + shortHash(rulesText, 40);
  fs::create_directories(dir_);
}

// The tree's root in keys and stored paths: a byte no path or flag holds.
static const char kRoot[] = "\x01/";

std::string TuCache::relative(const std::string &text) const {
  if (root_.empty()) return text;
  std::string out;
  size_t at = 0;
  for (size_t hit; (hit = text.find(root_, at)) != std::string::npos; at = hit + root_.size())
    out += text.substr(at, hit - at) + kRoot;
  return out + text.substr(at);
}

std::string TuCache::absolute(const std::string &path) const {
  if (root_.empty() || path.compare(0, 2, kRoot) != 0) return path;
  return root_ + path.substr(2);
}

std::string TuCache::pathFor(const CompileCommand &command) const {
  // "-I/src/linux/include" and "-I/scratch/checkout/include" are one key.
  // (The directory may be the root itself, written without its slash.)
  std::string key = salt_ + '\0' + relative(command.directory + "/") + '\0' + relative(command.file);
  for (const std::string &a : command.arguments) key += '\0' + relative(a);
  std::string h = shortHash(key, 40);
  return dir_ + "/" + h.substr(0, 2) + "/" + h + ".json";
}

static nlohmann::json resultToJson(const TuResult &r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding &f : r.findings) {
    findings.push_back(toJson(f));
  }
  return {{"file", r.file}, {"parsed", r.parsed}, {"error", r.error},
          {"findings", findings}, {"files_seen", r.filesSeen},
          {"skipped_lines", r.skippedLines}};
}

static TuResult resultFromJson(const nlohmann::json &j) {
  TuResult r;
  r.file = j.at("file");
  r.parsed = j.at("parsed");
  r.error = j.at("error");  // relative to the root: see TuCache::load
  for (const auto &f : j.at("findings")) {
    r.findings.push_back(findingFromJson(f));
  }
  r.filesSeen = j.at("files_seen").get<std::vector<std::string>>();
  r.skippedLines = j.at("skipped_lines").get<SkippedLines>();
  r.fromCache = true;
  return r;
}

// An entry file holds up to kVersions versions of one command's result,
// newest first, as ccache's manifests do: the user's tree at HEAD and the
// gate's checkout at a commit that changed a header keep one each instead
// of evicting each other.
static constexpr size_t kVersions = 4;

// What a version was computed from: each file's path, size and hash (not
// its mtime: another copy of the same file is the same input).
static nlohmann::json contentOf(const nlohmann::json &version) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto &f : version.at("files")) out.push_back({f.at(0), f.at(1), f.at(3)});
  if (version.contains("absent")) out.push_back({"absent", version.at("absent")});
  return out;
}

static nlohmann::json versionsIn(const std::string &path) {
  nlohmann::json j = nlohmann::json::parse(readFile(path), nullptr, false);
  if (j.is_object() && j.contains("versions") && j["versions"].is_array()) return j["versions"];
  return nlohmann::json::array();
}

std::optional<TuCache::Entry> TuCache::load(const CompileCommand &command,
                                            const std::set<std::string> &stale) {
  if (dir_.empty()) return std::nullopt;
  std::string path = pathFor(command);
  if (!fs::exists(path)) return std::nullopt;
  std::optional<Entry> dependenciesOnly;
  try {
    for (const nlohmann::json &v : versionsIn(path)) {
      Entry e;
      bool match = true, keepResult = true;
      for (const auto &f : v.at("files")) {
        // Read in place: 4,600 entries of ~600 files each when the gate or
        // propose index every TU's dependencies.
        std::string file = absolute(f.at(0).get_ref<const std::string &>());
        if (!stamps_.matches(file, f.at(1).get<uint64_t>(), f.at(2).get<int64_t>(),
                             f.at(3).get<uint64_t>())) {
          if (!stale.count(file)) {
            match = false;
            break;
          }
          keepResult = false;
        }
        e.files.push_back(file);
      }
      if (!match) continue;
      if (v.contains("absent")) {
        for (const auto &a : v.at("absent"))
          match = match && stamps_.absent(absolute(a.get_ref<const std::string &>()));
        if (!match) continue;
        e.dependencyScanFailed = true;
        keepResult = keepResult && v.contains("result");
        if (!keepResult) continue;  // a failure is kept whole or not at all
      }
      if (!keepResult) {
        if (!dependenciesOnly) dependenciesOnly = std::move(e);
        continue;
      }
      if (v.contains("result")) {
        e.result = resultFromJson(v["result"]);
        std::string &error = e.result->error;
        for (size_t at; (at = error.find(kRoot)) != std::string::npos;)
          error.replace(at, 2, root_);
      }
      return e;
    }
  } catch (const std::exception &) {
    return std::nullopt;  // a damaged entry is a miss, rewritten below
  }
  return dependenciesOnly;
}

void TuCache::storeFailure(const CompileCommand &command, const TuResult &result) {
  if (dir_.empty() || result.parsed || result.filesAbsent.empty()) return;
  nlohmann::json absent = nlohmann::json::array();
  for (const std::string &a : result.filesAbsent) absent.push_back(relative(a));
  storeVersion(command, result.filesRead, &result, std::move(absent));
}

void TuCache::store(const CompileCommand &command, const std::vector<std::string> &files,
                    const TuResult *result) {
  storeVersion(command, files, result, nullptr);
}

void TuCache::storeVersion(const CompileCommand &command, const std::vector<std::string> &files,
                           const TuResult *result, nlohmann::json absent) {
  if (dir_.empty()) return;
  nlohmann::json j;
  j["source"] = relative(command.file);
  j["files"] = nlohmann::json::array();
  for (const std::string &f : files) {
    nlohmann::json stamp = stamps_.record(f);
    stamp[0] = relative(f);
    j["files"].push_back(stamp);
  }
  if (result) {
    j["result"] = resultToJson(*result);
    // The first error names the file by its absolute path: kept relative,
    // so a hit on another copy of the tree names no path of this one.
    j["result"]["error"] = relative(result->error);
  }
  if (!absent.is_null()) j["absent"] = std::move(absent);
  std::string path = pathFor(command);
  fs::create_directories(fs::path(path).parent_path());
  // Newest first; an older version of the same files (its dependencies
  // only, or the result this one replaces) is dropped.
  nlohmann::json versions = nlohmann::json::array({j});
  if (fs::exists(path)) {
    try {
      nlohmann::json content = contentOf(j);
      for (nlohmann::json &v : versionsIn(path)) {
        if (versions.size() >= kVersions) break;
        if (contentOf(v) != content) versions.push_back(std::move(v));
      }
    } catch (const std::exception &) {
      // A damaged file: only the new version is kept.
    }
  }
  writeFileAtomically(path, nlohmann::json({{"versions", versions}})
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void scanMissingDependencies(const std::vector<const CompileCommand *> &commands,
                             const std::vector<TuDependencies *> &deps, TuCache *cache,
                             unsigned jobs, JobSlots *slots) {
  std::vector<size_t> missing;
  std::vector<const CompileCommand *> toScan;
  for (size_t i = 0; i < commands.size(); ++i)
    if (!deps[i]->ok) {
      missing.push_back(i);
      toScan.push_back(commands[i]);
    }
  std::vector<TuDependencies> scanned = scanDependencies(toScan, jobs, slots);
  for (size_t k = 0; k < missing.size(); ++k) {
    TuDependencies &d = *deps[missing[k]];
    d = std::move(scanned[k]);
    if (cache && d.ok) cache->store(*commands[missing[k]], d.files, nullptr);
  }
}

}  // namespace kconv
