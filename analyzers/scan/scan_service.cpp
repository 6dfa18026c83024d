#include "scan/scan_service.h"

#include <future>

#include "clang/clang_engine.h"
#include "cocci/cocci_engine.h"
#include "cocci/source_scan.h"
#include "core/classifier.h"
#include "core/engine_merge.h"
#include "core/job_slots.h"
#include "kernel/arches.h"
#include "kernel/tree_paths.h"
#include "scan/engine_parts.h"
#include "scan/side_by_side_progress.h"
#include "scan/tree_api.h"

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
  return runEngines(options, rules, {{&tree, &commands}}, {});
}

namespace {

// The O= directory's generated headers of one architecture, for spatch.
std::vector<std::string> generatedDirs(const KernelTree &tree,
                                       const std::vector<CompileCommand> &commands) {
  if (commands.empty()) return {};
  const std::string &o = commands.front().directory;
  return {o + "/arch/" + tree.srcArch + "/include/generated", o + "/include",
          o + "/arch/" + tree.srcArch + "/include/generated/uapi", o + "/include/generated/uapi"};
}

// Adds one more architecture's Clang run to the first's: the same site
// (position and rule) seen by several architectures is one finding that
// lists them in details.arches; coverage adds up, per arch in
// coverage.arches.
void addArchRun(EngineResult &total, EngineResult &&more, const std::string &arch,
                std::map<std::tuple<Location, std::string>, size_t> &index) {
  for (Finding &f : more.findings) {
    auto key = std::make_tuple(f.location, f.rule);
    auto it = index.find(key);
    if (it != index.end()) {
      total.findings[it->second].details["arches"].push_back(arch);
      continue;
    }
    f.details["arches"] = nlohmann::json::array({arch});
    index.emplace(key, total.findings.size());
    total.findings.push_back(std::move(f));
  }
  total.filesSeen.insert(more.filesSeen.begin(), more.filesSeen.end());
  for (auto &[file, lines] : more.activeLines) total.activeLines[file].insert(lines.begin(), lines.end());
  Coverage &c = total.coverage;
  c.translationUnits += more.coverage.translationUnits;
  c.parsed += more.coverage.parsed;
  c.failed += more.coverage.failed;
  for (FailedUnit &u : more.coverage.failedUnits) {
    u.reason = arch + ": " + u.reason;
    c.failedUnits.push_back(std::move(u));
  }
}

nlohmann::json archCoverage(const Coverage &c) {
  return {{"translation_units", c.translationUnits}, {"parsed", c.parsed}, {"failed", c.failed}};
}

}  // namespace

EngineRun runEngines(const ScanEngines &options, const RulePack &allRules,
                     const std::vector<ArchCommands> &arches,
                     const std::vector<UnbuiltArch> &unbuilt) {
  const KernelTree &tree = *arches.front().tree;
  // The rules that apply to this tree's API; coverage.api says what that
  // changed when the tree has moved past the ungated rules.
  const RulePack rules = packForTreeAt(allRules, tree.root);
  auto withApi = [&rules](EngineRun run) {
    if (!rules.api.empty()) run.coverage.extra["api"] = rules.api;
    return run;
  };
  const std::vector<CompileCommand> &commands = *arches.front().commands;
  bool clang = options.engine != "cocci", cocci = options.engine != "clang";
  bool several = arches.size() > 1 || !unbuilt.empty();
  EngineRun run;

  TreeScan scan;
  LinesOfInterest interest;
  if (cocci) {
    if (options.status) options.status("lexical scan of the tree");
    scan = scanTree(tree.root, options.paths, scanNamesFrom(rules), options.jobs);
    interest = linesOf(scan.occurrences);
  }

  CocciOptions cocciOptions;
  cocciOptions.jobs = options.jobs;
  cocciOptions.srcArch = tree.srcArch;
  cocciOptions.generatedIncludeDirs = generatedDirs(tree, commands);
  for (size_t a = 1; a < arches.size(); ++a)
    cocciOptions.otherArchGeneratedDirs[arches[a].tree->srcArch] =
        generatedDirs(*arches[a].tree, *arches[a].commands);
  cocciOptions.batchSize = options.cocciBatch;
  cocciOptions.chunkSize = options.cocciChunk;
  cocciOptions.shardIndex = options.shardIndex;
  cocciOptions.shardCount = options.shardCount;
  cocciOptions.progress = options.progress;
  cocciOptions.status = options.status;
  // Both engines: Coccinelle runs alongside Clang, the two sharing -j's
  // slots, so each fills what the other leaves idle (Clang's planning
  // between its parallel steps, the last long parse or spatch process).
  // The report is the same: neither engine reads the other's results
  // before the merge.
  bool alongside = clang && cocci;
  auto slots = std::make_shared<JobSlots>(std::max(1u, options.jobs));
  SideBySideProgress shown(options.status, options.progress);
  std::future<CocciResult> cocciRun;
  if (alongside) {
    cocciOptions.slots = slots;
    cocciOptions.status = shown.secondStatus();
    cocciOptions.progress = shown.secondProgress();
    cocciRun = std::async(std::launch::async, [&] {
      try {
        return runCocciEngine(rules, tree.root, scan.occurrences, cocciOptions);
      } catch (...) {
        slots->close();  // Clang stops at its next unit of work
        throw;
      }
    });
  }
  auto clangStatus = alongside ? shown.firstStatus() : options.status;

  EngineParts parts;
  MergeInput &merge = parts.merge;
  merge.srcArch = tree.srcArch;
  for (size_t a = 1; a < arches.size(); ++a) merge.otherSrcArches.insert(arches[a].tree->srcArch);
  for (const UnbuiltArch &u : unbuilt) merge.unbuiltArches[srcArchOf(u.arch)] = u.reason;
  if (clang) try {
    EngineOptions engine;
    engine.jobs = options.jobs;
    engine.paths = options.paths;
    engine.prefilter = options.prefilter;
    engine.cacheDir = options.cacheDir;
    engine.shardIndex = options.shardIndex;
    engine.shardCount = options.shardCount;
    engine.progress = alongside ? shown.firstProgress() : options.progress;
    if (alongside) engine.slots = slots;
    if (cocci) engine.linesOfInterest = &interest;
    EngineResult found;
    nlohmann::json perArch = nlohmann::json::object();
    std::map<std::tuple<Location, std::string>, size_t> index;
    for (const ArchCommands &a : arches) {
      if (clangStatus)
        clangStatus("Clang" + (several ? " (" + a.tree->arch + ")" : std::string()) +
                       ": the translation units that can hold a site (of " +
                       std::to_string(a.commands->size()) + " in the compile database)");
      EngineResult one = runClangEngine(*a.commands, rules, a.tree->root, engine);
      if (!several) {
        found = std::move(one);
        break;
      }
      perArch[a.tree->arch] = archCoverage(one.coverage);
      if (&a == &arches.front()) {
        found = std::move(one);
        for (Finding &f : found.findings) {
          f.details["arches"] = nlohmann::json::array({a.tree->arch});
          index.emplace(std::make_tuple(f.location, f.rule), &f - found.findings.data());
        }
      } else {
        addArchRun(found, std::move(one), a.tree->arch, index);
      }
    }
    if (several) {
      sortFindings(found.findings);
      for (const UnbuiltArch &u : unbuilt) perArch[u.arch] = {{"error", u.reason}};
      found.coverage.extra["arches"] = perArch;
    }
    run.coverage = std::move(found.coverage);
    if (!cocci) {
      run.findings = std::move(found.findings);
      return withApi(std::move(run));
    }
    merge.clang.ran = true;
    merge.clang.findings = std::move(found.findings);
    merge.clang.filesSeen = std::move(found.filesSeen);
    merge.clang.activeLines = std::move(found.activeLines);
    for (const FailedUnit &u : run.coverage.failedUnits)
      if (!several || !merge.clang.filesSeen.count(u.file)) merge.clang.failedFiles.insert(u.file);
    if (alongside) shown.firstDone();
  } catch (...) {
    if (!alongside) throw;
    // Stop Coccinelle at its next process and report the failure that
    // came first: Clang's own, or Coccinelle's when Clang only saw the
    // slots closed by it.
    slots->close();
    std::exception_ptr clangError = std::current_exception();
    try {
      cocciRun.get();
    } catch (const JobsClosed &) {
    }
    std::rethrow_exception(clangError);
  }

  CocciResult found = alongside ? cocciRun.get() : runCocciEngine(rules, tree.root, scan.occurrences, cocciOptions);
  run.profile["cocci"] = std::move(found.profile);
  merge.cocci.ran = true;
  merge.cocci.findings = std::move(found.findings);
  merge.cocci.notes = std::move(found.notes);
  for (const char *kind : {"timeout", "crash", "error"})
    for (const auto &p : found.coverage["problems"][kind])
      merge.cocci.problemFiles.insert(p.value("file", ""));
  merge.occurrences = std::move(scan.occurrences);
  parts.cocciCoverage = std::move(found.coverage);
  parts.lexicalStats = {{"files_total", scan.filesTotal},
                        {"files_read", scan.filesRead},
                        {"finder", scan.finder}};
  // A shard's merge sees a part of each engine: kconv merge redoes it
  // over the whole (scan/engine_parts.h).
  if (options.shardCount > 1) run.coverage.extra["engine_parts"] = toJson(parts, allRules);
  return withApi(mergeEngineParts(std::move(run), std::move(parts)));
}

EngineRun mergeEngineParts(EngineRun run, EngineParts parts) {
  bool clang = parts.merge.clang.ran;
  nlohmann::json lexicalStats = std::move(parts.lexicalStats);
  nlohmann::json cocciCoverage = std::move(parts.cocciCoverage);
  MergeResult merged = mergeEngines(std::move(parts.merge));
  run.findings = std::move(merged.findings);
  nlohmann::json &extra = run.coverage.extra;
  extra["engines"] = clang ? nlohmann::json{"clang", "cocci"} : nlohmann::json{"cocci"};
  extra["cocci"] = std::move(cocciCoverage);
  extra["merge"] = std::move(merged.coverage["merge"]);
  nlohmann::json lexical = std::move(merged.coverage["lexical"]);
  lexical.update(lexicalStats);
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
  result.profile = std::move(found.profile);
  finishFindings(result.findings, rules);
  return result;
}

ScanResult scanPrepared(const ScanEngines &options, const RulePack &rules,
                        const std::vector<ArchBuild> &arches,
                        const std::vector<UnbuiltArch> &unbuilt, const std::string &configName) {
  std::vector<ArchCommands> commands;
  for (const ArchBuild &a : arches) commands.push_back({&a.tree, &a.build.commands});
  EngineRun found = runEngines(options, rules, commands, unbuilt);
  const KernelTree &tree = arches.front().tree;
  ScanResult result;
  std::string archList = tree.arch;
  for (size_t a = 1; a < arches.size(); ++a) archList += "," + arches[a].tree.arch;
  result.tree = {tree.root, tree.version, archList, configName};
  result.findings = std::move(found.findings);
  result.coverage = std::move(found.coverage);
  result.profile = std::move(found.profile);
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
  engine.paths = options.paths;
  engine.dependencyNeutral = options.dependencyNeutral;
  engine.preferCached = options.preferCached;
  EngineResult r = runClangEngine(commands, packForTreeAt(rules, root), root, engine);
  out.findings = std::move(r.findings);
  out.parsed = r.coverage.parsed;
  out.failed = r.coverage.failed;
  out.fromCache = r.fromCache;
  for (const FailedUnit &u : r.coverage.failedUnits)
    out.failedFiles[treeRelative(u.file, root)] = u.reason;
  return out;
}

}  // namespace kconv
