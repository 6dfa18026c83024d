#include "scan/scan_service.h"

#include "clang/clang_engine.h"
#include "cocci/cocci_engine.h"
#include "cocci/source_scan.h"
#include "core/classifier.h"
#include "core/engine_merge.h"
#include "kernel/tree_paths.h"

namespace kconv {

namespace {

LinesOfInterest linesOf(const std::vector<SourceOccurrence> &occurrences) {
  std::map<std::string, std::set<unsigned>> sets;
  for (const SourceOccurrence &o : occurrences) sets[o.location.file].insert(o.location.line);
  LinesOfInterest out;
  for (auto &[file, lines] : sets) out[file].assign(lines.begin(), lines.end());
  return out;
}

}  // namespace

void checkEngineTools(const std::string &engine) {
  if (engine != "clang") findSpatch();
}

EngineRun runEngines(const ScanEngines &options, const KernelTree &tree,
                     const RulePack &rules,
                     const std::vector<CompileCommand> &commands) {
  bool clang = options.engine != "cocci", cocci = options.engine != "clang";
  EngineRun run;

  TreeScan scan;
  LinesOfInterest interest;
  if (cocci) {
    if (options.status) options.status("lexical scan of the tree");
    scan = scanTree(tree.root, options.paths, scanNamesFrom(rules), options.jobs);
    interest = linesOf(scan.occurrences);
  }

  MergeInput merge;
  merge.srcArch = tree.srcArch;
  if (clang) {
    EngineOptions engine;
    engine.jobs = options.jobs;
    engine.paths = options.paths;
    engine.prefilter = options.prefilter;
    engine.cacheDir = options.cacheDir;
    engine.shardIndex = options.shardIndex;
    engine.shardCount = options.shardCount;
    engine.progress = options.progress;
    if (cocci) engine.linesOfInterest = &interest;
    if (options.status)
      options.status("Clang: the translation units that can hold a site (of " +
                     std::to_string(commands.size()) + " in the compile database)");
    EngineResult found = runClangEngine(commands, rules, tree.root, engine);
    run.coverage = std::move(found.coverage);
    if (!cocci) {
      run.findings = std::move(found.findings);
      return run;
    }
    merge.clang.ran = true;
    merge.clang.findings = std::move(found.findings);
    merge.clang.filesSeen = std::move(found.filesSeen);
    merge.clang.activeLines = std::move(found.activeLines);
    for (const FailedUnit &u : run.coverage.failedUnits) merge.clang.failedFiles.insert(u.file);
  }

  CocciOptions cocciOptions;
  cocciOptions.jobs = options.jobs;
  cocciOptions.srcArch = tree.srcArch;
  if (!commands.empty()) {  // the O= directory's generated headers
    const std::string &o = commands.front().directory;
    cocciOptions.generatedIncludeDirs = {o + "/arch/" + tree.srcArch + "/include/generated",
                                         o + "/include",
                                         o + "/arch/" + tree.srcArch + "/include/generated/uapi",
                                         o + "/include/generated/uapi"};
  }
  cocciOptions.progress = options.progress;
  cocciOptions.status = options.status;
  CocciResult found = runCocciEngine(rules, tree.root, scan.occurrences, cocciOptions);
  merge.cocci.ran = true;
  merge.cocci.findings = std::move(found.findings);
  merge.cocci.notes = std::move(found.notes);
  for (const char *kind : {"timeout", "crash", "error"})
    for (const auto &p : found.coverage["problems"][kind])
      merge.cocci.problemFiles.insert(p.value("file", ""));
  merge.occurrences = std::move(scan.occurrences);

  MergeResult merged = mergeEngines(std::move(merge));
  run.findings = std::move(merged.findings);
  nlohmann::json &extra = run.coverage.extra;
  extra["engines"] = clang ? nlohmann::json{"clang", "cocci"} : nlohmann::json{"cocci"};
  extra["cocci"] = std::move(found.coverage);
  extra["merge"] = std::move(merged.coverage["merge"]);
  nlohmann::json lexical = std::move(merged.coverage["lexical"]);
  lexical["files_total"] = scan.filesTotal;
  lexical["files_read"] = scan.filesRead;
  lexical["finder"] = scan.finder;
  extra["lexical"] = std::move(lexical);
  return run;
}

void finishFindings(std::vector<Finding> &findings, const RulePack &rules) {
  classifyFindings(findings, rules);
  assignFingerprints(findings);
}

ScanResult scanPrepared(const ScanEngines &options, const KernelTree &tree,
                        const RulePack &rules, const PreparedBuild &build,
                        const std::string &configName) {
  EngineRun found = runEngines(options, tree, rules, build.commands);
  ScanResult result;
  result.tree = {tree.root, tree.version, tree.arch, configName};
  result.findings = std::move(found.findings);
  result.coverage = std::move(found.coverage);
  finishFindings(result.findings, rules);
  return result;
}

UnitScan scanUnits(const std::vector<CompileCommand> &commands, const RulePack &rules,
                   const std::string &root, const ScanEngines &options) {
  UnitScan out;
  if (commands.empty()) return out;
  EngineOptions engine;
  engine.jobs = options.jobs;
  engine.prefilter = options.prefilter;
  engine.cacheDir = options.cacheDir;
  engine.progress = options.progress;
  EngineResult r = runClangEngine(commands, rules, root, engine);
  out.findings = std::move(r.findings);
  out.parsed = r.coverage.parsed;
  out.failed = r.coverage.failed;
  for (const FailedUnit &u : r.coverage.failedUnits)
    out.failedFiles[treeRelative(u.file, root)] = u.reason;
  return out;
}

}  // namespace kconv
