#include "clang/clang_engine.h"

#include <map>
#include <malloc.h>
#include <mutex>
#include <optional>


#include "clang/checker.h"
#include "clang/dependency_scan.h"
#include "core/errors.h"
#include "core/parallel.h"
#include "kernel/tree_paths.h"
#include "clang/prefilter.h"
#include "clang/tu_cache.h"
#include "clang/tu_scanner.h"

namespace kconv {

// Merges per-TU results in TU order, so the first TU to see a header site
// owns it and the output does not depend on thread timing.
static EngineResult merge(std::vector<TuResult> &results,
                          const std::vector<std::string> &paths) {
  EngineResult out;
  std::map<std::tuple<std::string, unsigned, unsigned, std::string>, bool> seen;
  for (TuResult &tu : results) {
    out.filesSeen.insert(tu.filesSeen.begin(), tu.filesSeen.end());
    ++out.coverage.translationUnits;
    if (tu.parsed) {
      ++out.coverage.parsed;
    } else {
      ++out.coverage.failed;
      out.coverage.failedUnits.push_back({tu.file, tu.error});
    }
    for (Finding &f : tu.findings) {
      if (!underPaths(f.location.file, paths)) continue;
      auto key = std::make_tuple(f.location.file, f.location.line,
                                 f.location.column, f.rule);
      if (seen.emplace(key, true).second) out.findings.push_back(std::move(f));
    }
  }
  sortFindings(out.findings);
  return out;
}

namespace {

// Selected TUs, with what the cache and the dependency scanner know of them.
struct Unit {
  const CompileCommand *command;
  std::optional<TuResult> result;
  TuDependencies deps;
};

void loadFromCache(std::vector<Unit> &units, TuCache &cache, unsigned jobs,
                   const std::set<std::string> &stale) {
  parallelFor(units.size(), jobs, [&](size_t i) {
    Unit &u = units[i];
    if (auto entry = cache.load(*u.command, stale)) {
      // A kept failure: its dependency scan failed, as it would again.
      // (and lists nothing: what the parse read up to the error is not a
      // dependency list).
      u.deps.ok = !entry->dependencyScanFailed;
      if (u.deps.ok) u.deps.files = std::move(entry->files);
      u.result = std::move(entry->result);
    }
  });
}

void scanMissingDependencies(std::vector<Unit> &units, TuCache &cache, unsigned jobs,
                             JobSlots *slots) {
  std::vector<const CompileCommand *> commands;
  std::vector<TuDependencies *> deps;
  for (Unit &u : units) {
    // A kept failure is not scanned again: its scan failed on a file that
    // still does not exist (TuCache::storeFailure).
    if (u.result && !u.result->parsed) continue;
    commands.push_back(u.command);
    deps.push_back(&u.deps);
  }
  scanMissingDependencies(commands, deps, &cache, jobs, slots);
}

}  // namespace

EngineResult runClangEngine(const std::vector<CompileCommand> &commands,
                            const RulePack &rules, const std::string &treeRoot,
                            const EngineOptions &options) {
  // A rule pack validates against a schema per checker (core/rule_schema.h);
  // a checker with a schema but no Clang implementation must not drop its
  // rules silently.
  for (const RuleFile &rf : rules.files)
    if (!checkerFactories().count(rf.checker))
      throw InputError("rule file " + rf.path + ": checker: no Clang checker named \"" +
                       rf.checker + "\"");
  std::vector<Unit> units;
  for (const CompileCommand &cc : commands)
    if (underPaths(treeRelative(cc.file, treeRoot), options.paths)) units.push_back({&cc, {}, {}});
  // Only headers asked for: the pre-filter finds the TUs that include them.
  if (units.empty() && options.prefilter)
    for (const CompileCommand &cc : commands) units.push_back({&cc, {}, {}});

  TuCache cache(options.cacheDir, rules, treeRoot);
  loadFromCache(units, cache, options.jobs, options.dependencyNeutral);

  ParsePlan plan;
  plan.parse.assign(units.size(), true);
  if (options.prefilter) {
    scanMissingDependencies(units, cache, options.jobs, options.slots.get());
    std::vector<TuDependencies> deps;
    std::vector<std::string> sources, contexts;
    // Moved, not copied: the lists of every TU of a whole tree take
    // hundreds of MB, and planning is their last use (only `ok` is kept).
    for (Unit &u : units) {
      deps.push_back(std::move(u.deps));
      u.deps.ok = deps.back().ok;
      sources.push_back(u.command->file);
      contexts.push_back(preprocessorContext(u.command->arguments));
    }
    std::vector<bool> cached;
    for (const Unit &u : units) cached.push_back(u.result.has_value());
    plan = planParses(sources, contexts, deps, triggersFor(rules), treeRoot,
                      [&](const std::string &f) { return underPaths(f, options.paths); },
                      options.jobs, options.preferCached ? &cached : nullptr);
    deps = {};
    malloc_trim(0);  // hand the planning's memory back before the parses
  }

  // Every shard plans the whole selection (the plan is global: one TU
  // covers a header for all) and parses its own share of it.
  auto inShard = [&](size_t i) { return i % options.shardCount == options.shardIndex; };
  std::vector<size_t> toParse;
  for (size_t i = 0; i < units.size(); ++i)
    if (inShard(i) && plan.parse[i] && !units[i].result) toParse.push_back(i);
  std::mutex mutex;
  unsigned done = 0;
  parallelFor(toParse.size(), options.jobs, [&](size_t k) {
    Unit &u = units[toParse[k]];
    // Without a dependency scan the pre-filter knows nothing of the TU.
    bool planned = options.prefilter && u.deps.ok;
    JobSlot slot(options.slots.get());
    u.result = scanTranslationUnit(*u.command, rules, treeRoot,
                                   planned ? &plan.siteFiles : nullptr);
    // A failed parse is not kept: what it read stops at the error (a
    // header not generated yet), so neither its dependencies nor its
    // result would be valid once the header exists, and a warm run
    // must fail it again exactly as a cold one does.
    if (u.result->parsed) cache.store(*u.command, u.result->filesRead, &*u.result);
    // Except a failure on files that do not exist (a header the build
    // generates) where the dependency scan failed too: it fails the same
    // way while they do not exist, and the plan parses it as unscanned
    // whether its result comes from here or from a parse.
    else if (options.prefilter && !u.deps.ok) cache.storeFailure(*u.command, *u.result);
    std::lock_guard<std::mutex> lock(mutex);
    ++done;
    if (options.progress) options.progress(done, toParse.size(), u.result->file);
  });

  std::vector<TuResult> results;
  unsigned fromCache = 0, skipped = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    if (!inShard(i)) continue;
    if (!plan.parse[i]) {
      ++skipped;
      continue;
    }
    fromCache += units[i].result->fromCache;
    results.push_back(std::move(*units[i].result));
  }
  EngineResult out = merge(results, options.paths);
  if (options.linesOfInterest)
    for (const TuResult &tu : results)
      addActiveLines(tu.skippedLines, *options.linesOfInterest, out.activeLines);
  out.coverage.translationUnits += skipped;
  out.coverage.extra["skipped_no_possible_match"] = skipped;
  out.fromCache = fromCache;
  if (options.prefilter)
    out.coverage.extra["prefilter"] = {{"own_text", plan.ownText},
                                       {"to_cover_headers", plan.forHeaders},
                                       {"dependency_scan_failed", plan.unscanned},
                                       {"trigger_files", plan.triggerFiles},
                                       {"tainted_macros", plan.taintedMacros},
                                       {"out_of_member_scope", plan.outOfScopeFiles}};
  return out;
}

}  // namespace kconv
