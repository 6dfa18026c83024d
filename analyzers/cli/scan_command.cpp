// kconv scan: prepare the tree, run the engines, write the findings.
#include <filesystem>
#include <set>
#include <sstream>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "scan/scan_service.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/rule_pack.h"
#include "core/shard_merge.h"
#include "core/text_escape.h"
#include "kernel/arches.h"
#include "kernel/build_dir.h"
#include "kernel/cache_dir.h"
#include "kernel/default_tree.h"
#include "kernel/kernel_tree.h"
#include "kernel/make_runner.h"
#include "kernel/tree_paths.h"
#include "report/formats.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

struct ScanArgs {
  std::string tree;
  std::string rules;
  std::string engine = "both";
  std::string config;
  std::vector<std::string> paths;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string format = "text";
  std::string output = "-";
  bool noPrefilter = false;
  bool noCache = false;
  std::string shard;  // "K/N"
  std::string profile;  // where the time went, JSON
  unsigned cocciBatch = 16;
  unsigned cocciChunk = 64;
  std::string arch;  // --arch LIST; empty: the host's
};

// "K/N", 1 <= K <= N, digits only (no "-2" read as 4294967294).
std::pair<unsigned, unsigned> parseShard(const std::string &s) {
  auto spec = parseShardSpec(s);
  if (!spec) throw InputError("--shard wants K/N with 1 <= K <= N, not \"" + escapeLine(s) + "\"");
  return *spec;
}

int runScan(ScanArgs &args) {
  Progress progress;
  if (args.tree.empty()) {
    args.tree = ensureDefaultTree([&progress](const std::string &s) { progress.status(s); });
  }
  KernelTree tree = detectKernelTree(args.tree);
  RulePack rules = loadRulePack(args.rules.empty() ? dataDir() + "/rules" : args.rules);
  BuildConfig config = buildConfigFor(args.config, rules);
  args.paths = resolveTreePaths(tree.root, args.paths);
  checkEngineTools(args.engine);

  std::vector<std::string> archNames = parseArchList(args.arch, tree);
  if (args.engine == "cocci" && archNames.size() > 1)
    throw InputError("--arch with more than one architecture needs the Clang engine (--engine both or clang)");
  PrepareOptions prepare;
  prepare.jobs = args.jobs;
  std::vector<ArchBuild> arches;
  std::vector<UnbuiltArch> unbuilt;
  for (const std::string &name : archNames) {
    ArchBuild a{forArch(tree, name), {}};
    std::string label = archNames.size() > 1 ? name + ": " : "";
    prepare.status = [&](const std::string &m) { progress.status(label + m); };
    // The cocci engine alone needs no build.
    if (args.engine != "cocci") {
      try {
        a.build = prepareBuild(a.tree, config, prepare);
      } catch (const KconvError &e) {
        // The host's configuration is the scan; another architecture the
        // toolchain cannot build is named, never skipped silently.
        if (arches.empty() && name == archNames.front()) throw;
        progress.finish();
        // Its first compiler or make error says why ("clang: error: argument
        // unused during compilation: '-msoft-float'" for loongarch).
        std::string why = e.logPath.empty() ? "" : firstBuildError(readFile(e.logPath), tree.root,
                                                   fs::path(e.logPath).parent_path().string());
        unbuilt.push_back({name, why.empty() ? std::string(e.what()) : why});
        std::cerr << "kconv: warning: " << name << " cannot be built here: "
                  << escapeLine(unbuilt.back().reason) << " (" << escapeLine(errorLine(e)) << ")\n";
        continue;
      }
    }
    progress.finish();
    if (!a.build.dropped.empty())
      std::cerr << "kconv: warning: " << label << "options dropped by olddefconfig: "
                << escapeLine(describe(a.build.dropped)) << "\n";
    arches.push_back(std::move(a));
  }
  const PreparedBuild &build = arches.front().build;

  ScanEngines engines;
  engines.engine = args.engine;
  engines.jobs = args.jobs;
  engines.paths = args.paths;
  engines.prefilter = !args.noPrefilter;
  if (!args.noCache) engines.cacheDir = cacheDir() + "/results";
  if (!args.shard.empty()) {
    std::tie(engines.shardIndex, engines.shardCount) = parseShard(args.shard);
    --engines.shardIndex;
  }
  engines.cocciBatch = args.cocciBatch;
  engines.cocciChunk = args.cocciChunk;
  engines.status = [&](const std::string &m) { progress.status(m); };
  engines.progress = [&](unsigned done, unsigned total, const std::string &file) {
    progress.update(done, total, file);
  };
  ScanResult result = scanPrepared(engines, rules, arches, unbuilt,
                                   build.configName.empty() ? config.name : build.configName);
  progress.finish();
  nlohmann::json dropped = nlohmann::json::array();
  for (const DroppedOption &d : build.dropped)
    dropped.push_back(d.name + "=" + d.wanted + " (got " + d.got + ")");
  result.coverage.extra["dropped_config_options"] = dropped;
  if (result.coverage.extra.contains("arches"))
    for (const ArchBuild &a : arches) {
      nlohmann::json perArch = nlohmann::json::array();
      for (const DroppedOption &d : a.build.dropped)
        perArch.push_back(d.name + "=" + d.wanted + " (got " + d.got + ")");
      result.coverage.extra["arches"][a.tree.arch]["dropped_config_options"] = perArch;
    }
  if (!args.shard.empty()) result.coverage.extra["shard"] = args.shard;

  writeFileAtomically(args.output, formatters().at(args.format)(result));
  if (!args.profile.empty()) writeFileAtomically(args.profile, result.profile.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  std::set<std::string> files;
  unsigned verified = 0;
  for (const Finding &f : result.findings) {
    files.insert(f.location.file);
    verified += f.verified;
  }
  progress.summary("scan: " + std::to_string(result.findings.size()) + " sites (" +
                   std::to_string(verified) + " verified) in " + std::to_string(files.size()) +
                   " files; " + std::to_string(result.coverage.failed) + " of " +
                   std::to_string(result.coverage.translationUnits) +
                   " translation units failed; written to " + outputName(args.output));
  return kExitOk;
}

}  // namespace

CommandRunner addScanCommand(CLI::App &app) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App *scan = app.add_subcommand("scan", "find the sites a conversion must touch");
  scan->add_option("--tree", args->tree, "kernel tree (default: Debian's linux-source-6.12, unpacked in the cache)")->check(nonEmpty());
  scan->add_option("--rules", args->rules, "rule pack directory (default: the installed rules/)")->check(nonEmpty());
  scan->add_option("--engine", args->engine,
                   "clang (one configuration, typed), cocci (every branch and arch), "
                   "both (merged; default)")
      ->check(CLI::IsMember({"clang", "cocci", "both"}));
  scan->add_option("--config", args->config, "Kconfig fragment: a name in rules/ or a file")->check(nonEmpty());
  scan->add_option("--paths", args->paths, "limit the scan to these tree paths")->check(nonEmpty());
  scan->add_option("-j,--jobs", args->jobs, "parallel translation units")
      ->transform(boundedJobs());
  std::vector<std::string> names;
  for (const auto &[name, f] : formatters()) names.push_back(name);
  scan->add_option("--format", args->format, "output format")->check(CLI::IsMember(names));
  scan->add_option("-o,--output", args->output, "output file (default: stdout)")
      ->check(nonEmpty())
      ->check(notAnOption());
  scan->add_flag("--no-prefilter", args->noPrefilter,
                 "parse every TU, not only those that can hold a finding");
  scan->add_flag("--no-cache", args->noCache, "neither use nor store per-TU results");
  scan->add_option("--arch", args->arch,
                   "architectures to build and type: ARCH= names, comma-separated "
                   "(x86_64,arm64,powerpc,riscv,loongarch), or all (those that select "
                   "ARCH_HAS_PTE_DEVMAP); default: the host's")
      ->check(nonEmpty());
  scan->add_option("--shard", args->shard,
                   "K/N: analyse only the K-th of N parts (join them with kconv merge)");
  scan->add_option("--profile", args->profile,
                   "write where the time went (Coccinelle: per script and typing pass, "
                   "the slowest processes) to this JSON file")
      ->check(nonEmpty())
      ->check(notAnOption());
  scan->add_option("--cocci-batch", args->cocciBatch,
                   "files per spatch process (default 16; 1 profiles file by file)")
      ->check(CLI::Range(1, 1000));
  scan->add_option("--cocci-chunk", args->cocciChunk,
                   "files per unit of Coccinelle work, its typing passes included (default 64; "
                   "shards to merge must use the same)")
      ->check(CLI::Range(1, 100000));
  return [args] { return runScan(*args); };
}

}  // namespace kconv
