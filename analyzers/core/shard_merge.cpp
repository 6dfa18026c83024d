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

// Adds `from`'s architectures to `into`'s, in the scan's --arch order.
void uniteArches(Finding &into, const Finding &from, const std::vector<std::string> &order) {
  if (!from.details.contains("arches")) return;
  std::set<std::string> arches;
  const nlohmann::json &mine = into.details;
  for (const nlohmann::json *d : {&mine, &from.details})
    if (d->contains("arches") && d->at("arches").is_array())
      for (const auto &a : d->at("arches"))
        if (a.is_string()) arches.insert(a.get<std::string>());
  nlohmann::json ordered = nlohmann::json::array();
  for (const std::string &a : order)
    if (arches.erase(a)) ordered.push_back(a);
  for (const std::string &a : arches) ordered.push_back(a);  // not in the list: last
  into.details["arches"] = ordered;
}

std::vector<std::string> archOrder(const std::string &archList) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= archList.size()) {
    size_t comma = archList.find(',', start);
    if (comma == std::string::npos) comma = archList.size();
    if (comma > start) out.push_back(archList.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

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
  const std::vector<std::string> order = archOrder(results[0].tree.arch);
  unsigned skipped = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    ScanResult &r = results[i];
    for (Finding &f : r.findings) {
      auto [it, fresh] = sites.emplace(std::make_tuple(f.location, f.rule), f);
      if (!fresh) uniteArches(it->second, f, order);
    }
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
  if (merged.coverage.extra.contains("skipped_no_possible_match"))  // Clang ran
    merged.coverage.extra["skipped_no_possible_match"] = skipped;
  // scan --arch: each architecture's TU counts add up too.
  if (merged.coverage.extra.contains("arches"))
    for (size_t i = 1; i < results.size(); ++i) {
      JsonReader cov(results[i].coverage.extra, shards[i].path, "coverage");
      if (!cov.has("arches")) continue;
      JsonReader arches = cov.at("arches").expectObject();
      for (auto it = arches.json().begin(); it != arches.json().end(); ++it) {
        JsonReader one = arches.at(it.key()).expectObject();
        nlohmann::json &into = merged.coverage.extra["arches"][it.key()];
        for (const char *key : {"translation_units", "parsed", "failed"})
          if (one.has(key) && into.contains(key) && into[key].is_number_integer())
            into[key] = into[key].get<int64_t>() + one.integer(key, 0, 0x7fffffff);
      }
    }
  std::sort(merged.coverage.failedUnits.begin(), merged.coverage.failedUnits.end(),
            [](const FailedUnit &a, const FailedUnit &b) { return a.file < b.file; });
  for (auto &[key, f] : sites) merged.findings.push_back(std::move(f));
  // Ordinals of identical lines are only right over the whole set.
  assignFingerprints(merged.findings);
  return merged;
}

}  // namespace kconv
