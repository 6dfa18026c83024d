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

bool FileStamps::matches(const nlohmann::json &recorded) {
  const std::string path = recorded[0];
  Stamp &s = stat(path);
  if (!s.exists) return false;
  if (s.size == recorded[1].get<uint64_t>() && s.mtime == recorded[2].get<int64_t>())
    return true;
  return s.size == recorded[1].get<uint64_t>() && hash(path, s) == recorded[3].get<uint64_t>();
}

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

TuCache::TuCache(std::string dir, const RulePack &rules) : dir_(std::move(dir)) {
  if (dir_.empty()) return;
  std::string rulesText;
  for (const RuleFile &rf : rules.files) rulesText += rf.config.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  salt_ = binaryHash() + '\0' + shortHash(rulesText, 40);
  fs::create_directories(dir_);
}

std::string TuCache::pathFor(const CompileCommand &command) const {
  std::string key = salt_ + '\0' + command.directory + '\0' + command.file;
  for (const std::string &a : command.arguments) key += '\0' + a;
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
  r.error = j.at("error");
  for (const auto &f : j.at("findings")) {
    r.findings.push_back(findingFromJson(f));
  }
  r.filesSeen = j.at("files_seen").get<std::vector<std::string>>();
  r.skippedLines = j.at("skipped_lines").get<SkippedLines>();
  r.fromCache = true;
  return r;
}

std::optional<TuCache::Entry> TuCache::load(const CompileCommand &command) {
  if (dir_.empty()) return std::nullopt;
  std::string path = pathFor(command);
  if (!fs::exists(path)) return std::nullopt;
  try {
    nlohmann::json j = nlohmann::json::parse(readFile(path));
    Entry e;
    for (const auto &f : j.at("files")) {
      if (!stamps_.matches(f)) return std::nullopt;
      e.files.push_back(f[0]);
    }
    if (j.contains("result")) e.result = resultFromJson(j["result"]);
    return e;
  } catch (const std::exception &) {
    return std::nullopt;  // a damaged entry is a miss, rewritten below
  }
}

void TuCache::store(const CompileCommand &command, const std::vector<std::string> &files,
                    const TuResult *result) {
  if (dir_.empty()) return;
  nlohmann::json j;
  j["source"] = command.file;
  j["files"] = nlohmann::json::array();
  for (const std::string &f : files) j["files"].push_back(stamps_.record(f));
  if (result) j["result"] = resultToJson(*result);
  std::string path = pathFor(command);
  fs::create_directories(fs::path(path).parent_path());
  writeFileAtomically(path, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace kconv
