// Joins the outputs of `kconv scan --shard K/N` into the result one
// unsharded run gives: findings united (a header site seen by two shards is
// one site), coverage counts summed. Refuses incomplete or mixed sets.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/scan_result.h"

namespace kconv {

struct ShardFile {
  std::string path;  // names it in errors
  nlohmann::json json;
};

// A site several shards saw (a header read by TUs of each) is one
// finding: `into` gets `from`'s details.arches too, in the scan's --arch
// order (`order`, the tree's "x86_64,arm64").
void uniteArches(Finding &into, const Finding &from, const std::vector<std::string> &order);
std::vector<std::string> archOrder(const std::string &archList);

// Throws InputError for a missing or repeated shard, shards of different
// trees, kernels, configurations or kconv versions, or a file that is not a
// shard's findings (each named with its key).
ScanResult mergeShards(const std::vector<ShardFile> &shards);

// "K/N" with 1 <= K <= N, digits only; nullopt otherwise.
std::optional<std::pair<unsigned, unsigned>> parseShardSpec(const std::string &spec);

}  // namespace kconv
