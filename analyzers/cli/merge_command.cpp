// kconv merge: join the JSON outputs of `kconv scan --shard K/N`.
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/json_reader.h"
#include "core/shard_merge.h"
#include "report/formats.h"
#include "scan/engine_parts.h"

namespace kconv {

namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string format = "json";
  std::string output = "-";
};

int runMerge(const MergeArgs &args) {
  std::vector<ShardFile> shards;
  for (const std::string &path : args.inputs)
    shards.push_back({path, JsonReader::parse(readFile(path), path)});
  ScanResult merged = mergeShards(shards);
  mergeEngineShards(merged, shards);
  writeFileAtomically(args.output, formatters().at(args.format)(merged));
  Progress().summary("merge: " + std::to_string(shards.size()) + " shards, " +
                     std::to_string(merged.findings.size()) + " sites; written to " +
                     outputName(args.output));
  return kExitOk;
}

}  // namespace

CommandRunner addMergeCommand(CLI::App &app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App *merge = app.add_subcommand("merge", "join the outputs of kconv scan --shard K/N");
  merge->add_option("shards", args->inputs, "findings JSON of every shard")->required();
  std::vector<std::string> names;
  for (const auto &[name, f] : formatters()) names.push_back(name);
  merge->add_option("--format", args->format, "output format")->check(CLI::IsMember(names));
  merge->add_option("-o,--output", args->output, "output file (default: stdout)")
      ->check(nonEmpty())
      ->check(notAnOption());
  return [args] { return runMerge(*args); };
}

}  // namespace kconv
