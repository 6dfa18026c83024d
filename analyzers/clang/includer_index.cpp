#include "clang/includer_index.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "clang/dependency_scan.h"
#include "clang/tu_cache.h"
#include "core/parallel.h"
#include "core/atomic_file.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// {"headers": [...], "units": [[header indices] | null per TU]}
nlohmann::json scan(const std::vector<CompileCommand> &commands, const std::string &treeRoot,
                    unsigned jobs, TuCache *cache) {
  std::vector<TuDependencies> deps(commands.size());
  if (cache) {
    parallelFor(commands.size(), jobs, [&](size_t i) {
      auto entry = cache->load(commands[i]);
      if (entry && !entry->dependencyScanFailed) {  // a kept failure lists no dependencies
        deps[i].ok = true;
        deps[i].files = std::move(entry->files);
      }
    });
  }
  std::vector<const CompileCommand *> ptrs;
  std::vector<TuDependencies *> slots;
  for (size_t i = 0; i < commands.size(); ++i) {
    ptrs.push_back(&commands[i]);
    slots.push_back(&deps[i]);
  }
  scanMissingDependencies(ptrs, slots, cache, jobs);
  std::string root = treeRoot.back() == '/' ? treeRoot : treeRoot + "/";
  std::map<std::string, size_t> ids;
  nlohmann::json headers = nlohmann::json::array(), units = nlohmann::json::array();
  for (const TuDependencies &d : deps) {
    if (!d.ok) {
      units.push_back(nullptr);
      continue;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const std::string &f : d.files) {
      if (f.compare(0, root.size(), root) != 0 || f.size() < 2 || f.substr(f.size() - 2) != ".h")
        continue;
      auto [it, added] = ids.emplace(f.substr(root.size()), ids.size());
      if (added) headers.push_back(it->first);
      list.push_back(it->second);
    }
    units.push_back(list);
  }
  return {{"headers", headers}, {"units", units}};
}

}  // namespace

IncluderIndex::IncluderIndex(const std::vector<CompileCommand> &commands,
                             const std::string &treeRoot, unsigned jobs,
                             const std::string &cacheFile, TuCache *tuCache) {
  nlohmann::json data;
  if (!cacheFile.empty() && fs::exists(cacheFile)) {
    data = nlohmann::json::parse(readFile(cacheFile), nullptr, false);
    if (data.is_discarded() || data.value("units", nlohmann::json::array()).size() != commands.size())
      data = nullptr;
  }
  if (data.is_null()) {
    data = scan(commands, treeRoot, jobs, tuCache);
    if (!cacheFile.empty()) {
      fs::create_directories(fs::path(cacheFile).parent_path());
      writeFileAtomically(cacheFile, data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
  const nlohmann::json &headers = data["headers"];
  const nlohmann::json &units = data["units"];
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].is_null()) {
      unscanned_.push_back(i);
      continue;
    }
    for (const auto &h : units[i]) byHeader_[headers[h.get<size_t>()]].push_back(i);
  }
}

std::vector<size_t> IncluderIndex::includersOf(const std::string &relativeHeader) const {
  std::vector<size_t> out = unscanned_;
  auto it = byHeader_.find(relativeHeader);
  if (it != byHeader_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace kconv
