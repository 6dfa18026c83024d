// What the engines found before their merge, and how a shard carries it
// to `kconv merge`.
//
// With --engine clang a shard's findings are final: every TU is one shard's,
// a header site seen by two shards is the same finding. With Coccinelle the
// engine merge decides per site from everything Clang saw (which files any
// TU read, which lines it compiled, which TUs failed) and everything
// Coccinelle saw: a shard sees a part of each. So a shard of `--engine both`
// or `--engine cocci` also writes coverage.engine_parts (Clang's findings,
// files seen, compiled lines and failed TUs; Coccinelle's findings, notes
// and problem files; the lexical occurrences; the rule pack's
// classification), and `kconv merge` unites the parts and runs the engine
// merge once, over the whole: the same code path as one run, so the same
// bytes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine_merge.h"
#include "core/json_reader.h"
#include "core/rule_pack.h"
#include "core/scan_result.h"
#include "core/shard_merge.h"

namespace kconv {

struct EngineParts {
  MergeInput merge;
  nlohmann::json cocciCoverage = nlohmann::json::object();  // CocciResult::coverage
  nlohmann::json lexicalStats = nlohmann::json::object();  // files_total, files_read, finder
  std::string source;  // the shard file read (errors name it); empty for one run's own
};

// `rules`: the pack the scan classifies with (its `classify` entries travel
// with the parts: the merge classifies what it creates).
nlohmann::json toJson(const EngineParts &parts, const RulePack &rules);

// One shard's coverage.engine_parts, type-checked (InputError naming the
// key path). `rules` gets the classification pack.
EngineParts enginePartsFromJson(const JsonReader &j, RulePack &rules);

// The parts of every shard as one run would have had them. Clang findings
// of one site seen by several shards are one (their details.arches united,
// in `archOrder`); Coccinelle's files were split, so its coverage adds up.
EngineParts uniteEngineParts(std::vector<EngineParts> shards,
                             const std::vector<std::string> &archOrder);

// After mergeShards: when the shards carry engine parts (a Coccinelle
// engine ran), `merged` gets the findings and coverage one run gives, and
// loses the parts. InputError when only some shards carry them.
void mergeEngineShards(ScanResult &merged, const std::vector<ShardFile> &shards);

}  // namespace kconv
