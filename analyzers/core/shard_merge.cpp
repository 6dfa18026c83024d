#include "core/shard_merge.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/errors.h"

namespace kconv {

namespace {

struct ShardId {
  unsigned index = 0, count = 0;
};

ShardId shardOf(const nlohmann::json &j) {
  std::string s = j.at("coverage").value("shard", "");
  ShardId id;
  if (std::sscanf(s.c_str(), "%u/%u", &id.index, &id.count) != 2 || id.index < 1 ||
      id.index > id.count)
    throw InputError("not a shard of kconv scan --shard K/N (coverage.shard is \"" + s + "\")");
  return id;
}

void checkSameScan(const nlohmann::json &a, const nlohmann::json &b) {
  if (a.at("tree") != b.at("tree") || a.at("version") != b.at("version"))
    throw InputError("shards come from different scans: " + a.at("tree").dump() + " vs " +
                     b.at("tree").dump());
}

}  // namespace

ScanResult mergeShards(const std::vector<nlohmann::json> &shards) {
  if (shards.empty()) throw InputError("no shards to merge");
  std::set<unsigned> seen;
  unsigned count = shardOf(shards[0]).count;
  for (const auto &j : shards) {
    ShardId id = shardOf(j);
    checkSameScan(shards[0], j);
    if (id.count != count) throw InputError("shards of different splits (N differs)");
    if (!seen.insert(id.index).second)
      throw InputError("shard " + std::to_string(id.index) + "/" + std::to_string(count) +
                       " given twice");
  }
  if (seen.size() != count)
    throw InputError("incomplete: " + std::to_string(seen.size()) + " of " +
                     std::to_string(count) + " shards");

  ScanResult merged = scanResultFromJson(shards[0]);
  merged.findings.clear();
  merged.coverage = Coverage{};
  std::map<std::tuple<Location, std::string>, Finding> sites;
  unsigned skipped = 0;
  for (const auto &j : shards) {
    ScanResult r = scanResultFromJson(j);
    for (Finding &f : r.findings) sites.emplace(std::make_tuple(f.location, f.rule), f);
    merged.coverage.translationUnits += r.coverage.translationUnits;
    merged.coverage.parsed += r.coverage.parsed;
    merged.coverage.failed += r.coverage.failed;
    merged.coverage.failedUnits.insert(merged.coverage.failedUnits.end(),
                                       r.coverage.failedUnits.begin(),
                                       r.coverage.failedUnits.end());
    skipped += r.coverage.extra.value("skipped_no_possible_match", 0u);
  }
  // Everything else in coverage is global (plan, dropped options): the
  // shards agree on it, so the first one's copy stands.
  merged.coverage.extra = scanResultFromJson(shards[0]).coverage.extra;
  merged.coverage.extra.erase("shard");
  merged.coverage.extra["skipped_no_possible_match"] = skipped;
  std::sort(merged.coverage.failedUnits.begin(), merged.coverage.failedUnits.end(),
            [](const FailedUnit &a, const FailedUnit &b) { return a.file < b.file; });
  for (auto &[key, f] : sites) merged.findings.push_back(std::move(f));
  // Ordinals of identical lines are only right over the whole set.
  assignFingerprints(merged.findings);
  return merged;
}

}  // namespace kconv
