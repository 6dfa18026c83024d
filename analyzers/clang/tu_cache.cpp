#include "clang/tu_cache.h"

#include <charconv>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string_view>
#include <sys/stat.h>

#include <llvm/Support/xxhash.h>

#include "core/atomic_file.h"
#include "kernel/cache_dir.h"

namespace fs = std::filesystem;

namespace kconv {

FileStamps::Shard &FileStamps::shardOf(const std::string &path) {
  return shards_[std::hash<std::string>()(path) % kShards];
}

FileStamps::Stamp &FileStamps::stat(const std::string &path) {
  // Sharded: loading a whole tree's entries looks up ~2.5 million paths
  // from every thread.
  Shard &shard = shardOf(path);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.stamps.find(path);
  if (it != shard.stamps.end()) return it->second;
  Stamp s;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    s.exists = true;
    s.size = st.st_size;
    s.mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  return shard.stamps.emplace(path, s).first->second;
}

uint64_t FileStamps::hash(const std::string &path, Stamp &stamp) {
  Shard &shard = shardOf(path);
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (stamp.hash) return *stamp.hash;
  }
  uint64_t h = stamp.exists ? llvm::xxHash64(readFile(path)) : 0;
  std::lock_guard<std::mutex> lock(shard.mutex);
  stamp.hash = h;
  return h;
}

FileStamps::Record FileStamps::record(const std::string &path) {
  Stamp &s = stat(path);
  return {s.size, s.mtime, hash(path, s)};
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

// A version's files are one string, a line per file: "r SIZE MTIME HASH
// PATH" ('r': PATH is relative to the tree's root; 'a': as it is). One JSON
// string instead of 2,400 values per TU: the gate and propose read every
// entry of a whole tree, twice, and parsing them as arrays of arrays was
// most of a warm gate's analysis.
struct StoredFile {
  bool relative = false;
  std::string_view path;
  uint64_t size = 0;
  int64_t mtime = 0;
  uint64_t hash = 0;
};

// Calls fn(file) for each line of `text` while fn returns true; throws on
// a malformed line (the entry is then a miss, rewritten by the next store).
template <typename Fn>
void forEachStoredFile(const std::string &text, Fn fn) {
  std::string_view rest(text);
  auto field = [&](std::string_view &line, auto &value) {
    size_t space = line.find(' ');
    auto [end, ec] = std::from_chars(line.data(), line.data() + std::min(space, line.size()), value);
    if (ec != std::errc() || space == std::string_view::npos || end != line.data() + space)
      throw std::runtime_error("malformed cache entry");
    line.remove_prefix(space + 1);
  };
  while (!rest.empty()) {
    size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
    if (line.size() < 2 || (line[0] != 'r' && line[0] != 'a') || line[1] != ' ')
      throw std::runtime_error("malformed cache entry");
    StoredFile f;
    f.relative = line[0] == 'r';
    line.remove_prefix(2);
    field(line, f.size);
    field(line, f.mtime);
    field(line, f.hash);
    f.path = line;
    if (!fn(f)) return;
  }
}

// What a version was computed from: each file's path, size and hash (not
// its mtime: another copy of the same file is the same input).
static nlohmann::json contentOf(const nlohmann::json &version) {
  nlohmann::json out = nlohmann::json::array();
  forEachStoredFile(version.at("files").get_ref<const std::string &>(), [&](const StoredFile &f) {
    out.push_back({f.relative, f.path, f.size, f.hash});
    return true;
  });
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
      // Read in place: 4,600 entries of ~600 files each when the gate or
      // propose index every TU's dependencies.
      forEachStoredFile(v.at("files").get_ref<const std::string &>(), [&](const StoredFile &f) {
        std::string file = f.relative ? root_ + std::string(f.path) : std::string(f.path);
        if (!stamps_.matches(file, f.size, f.mtime, f.hash)) {
          if (!stale.count(file)) return match = false;
          keepResult = false;
        }
        e.files.push_back(std::move(file));
        return true;
      });
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
  // Once each: the includer's directory is often a search directory too.
  for (const std::string &a : std::set<std::string>(result.filesAbsent.begin(), result.filesAbsent.end()))
    absent.push_back(relative(a));
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
  std::string lines;
  for (const std::string &f : files) {
    if (f.find('\n') != std::string::npos) return;  // a path the format cannot hold: not kept
    FileStamps::Record r = stamps_.record(f);
    bool underRoot = !root_.empty() && f.compare(0, root_.size(), root_) == 0;
    lines += underRoot ? "r " : "a ";
    lines += std::to_string(r.size) + ' ' + std::to_string(r.mtime) + ' ' + std::to_string(r.hash) +
             ' ' + (underRoot ? f.substr(root_.size()) : f) + '\n';
  }
  j["files"] = std::move(lines);
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
