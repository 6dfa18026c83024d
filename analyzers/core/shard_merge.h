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

// Throws InputError for a missing or repeated shard, shards of different
// trees, kernels, configurations or kconv versions, or a file that is not a
// shard's findings (each named with its key).
ScanResult mergeShards(const std::vector<ShardFile> &shards);

// "K/N" with 1 <= K <= N, digits only; nullopt otherwise.
std::optional<std::pair<unsigned, unsigned>> parseShardSpec(const std::string &spec);

}  // namespace kconv
