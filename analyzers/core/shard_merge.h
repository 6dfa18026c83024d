// Joins the outputs of `kconv scan --shard K/N` into the result one
// unsharded run gives: findings united (a header site seen by two shards is
// one site), coverage counts summed. Refuses incomplete or mixed sets.
#pragma once

#include <vector>

#include "core/scan_result.h"

namespace kconv {

// Throws InputError for a missing or repeated shard, or shards of different
// trees, kernels, configurations or kconv versions.
ScanResult mergeShards(const std::vector<nlohmann::json> &shards);

}  // namespace kconv
