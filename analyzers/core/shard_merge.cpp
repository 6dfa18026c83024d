#include "core/shard_merge.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/errors.h"
#include "core/json_reader.h"

namespace kconv {

std::optional<std::pair<unsigned, unsigned>> parseShardSpec(const std::string &spec) {
  size_t slash = spec.find('/');
  auto number = [](const std::string &s) -> std::optional<unsigned> {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return static_cast<unsigned>(std::stoul(s));
  };
  if (slash == std::string::npos) return std::nullopt;
  auto k = number(spec.substr(0, slash)), n = number(spec.substr(slash + 1));
  if (!k || !n || *k < 1 || *k > *n) return std::nullopt;
  return std::make_pair(*k, *n);
}

namespace {

struct ShardId {
  unsigned index = 0, count = 0;
};

ShardId shardOf(const ShardFile &f) {
  JsonReader j(f.json, f.path);
  JsonReader shard = j.expectObject().at("coverage").expectObject().at("shard");
  auto id = parseShardSpec(shard.asString());
  if (!id) shard.fail("expected K/N with 1 <= K <= N (a shard of kconv scan --shard K/N)");
  return {id->first, id->second};
}

void checkSameScan(const ShardFile &a, const ShardFile &b) {
  // Both were read by scanResultFromJson first: "tree" is there; "version"
  // is read typed here (a number must not escape as a json exception).
  auto version = [](const ShardFile &f) { return JsonReader(f.json, f.path).string("version", ""); };
  if (a.json.at("tree") != b.json.at("tree") || version(a) != version(b))
    throw InputError("shards come from different scans: " + a.path + " " +
                     a.json.at("tree").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                     " vs " + b.path + " " +
                     b.json.at("tree").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

ScanResult mergeShards(const std::vector<ShardFile> &shards) {
  if (shards.empty()) throw InputError("no shards to merge");
  std::vector<ScanResult> results;
  for (const ShardFile &f : shards) results.push_back(scanResultFromJson(JsonReader(f.json, f.path)));
  std::set<unsigned> seen;
  unsigned count = shardOf(shards[0]).count;
  for (const ShardFile &f : shards) {
    ShardId id = shardOf(f);
    checkSameScan(shards[0], f);
    if (id.count != count) throw InputError("shards of different splits (N differs): " + f.path);
    if (!seen.insert(id.index).second)
      throw InputError("shard " + std::to_string(id.index) + "/" + std::to_string(count) +
                       " given twice");
  }
  if (seen.size() != count)
    throw InputError("incomplete: " + std::to_string(seen.size()) + " of " +
                     std::to_string(count) + " shards");

  ScanResult merged = results[0];
  merged.findings.clear();
  merged.coverage = Coverage{};
  std::map<std::tuple<Location, std::string>, Finding> sites;
  unsigned skipped = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    ScanResult &r = results[i];
    for (Finding &f : r.findings) sites.emplace(std::make_tuple(f.location, f.rule), f);
    merged.coverage.translationUnits += r.coverage.translationUnits;
    merged.coverage.parsed += r.coverage.parsed;
    merged.coverage.failed += r.coverage.failed;
    merged.coverage.failedUnits.insert(merged.coverage.failedUnits.end(),
                                       r.coverage.failedUnits.begin(),
                                       r.coverage.failedUnits.end());
    JsonReader cov(r.coverage.extra, shards[i].path, "coverage");
    skipped += static_cast<unsigned>(cov.integer("skipped_no_possible_match", 0, 0x7fffffff, 0));
  }
  // Everything else in coverage is global (plan, dropped options): the
  // shards agree on it, so the first one's copy stands.
  merged.coverage.extra = results[0].coverage.extra;
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
