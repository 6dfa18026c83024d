#include "cocci/cocci_engine.h"

#include "core/regex.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <cmath>
#include <mutex>
#include <set>

#include "cocci/cocci_script.h"
#include "cocci/cocci_sites.h"
#include "cocci/spatch_gc.h"
#include "cocci/spatch_runner.h"
#include "core/errors.h"
#include "core/parallel.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// Files with an access Coccinelle could not type (an "explain [untyped]"
// record).
std::set<std::string> untypedFiles(const std::vector<CocciRecord> &records) {
  std::set<std::string> out;
  for (const CocciRecord &r : records)
    if (r.kind == "untyped") out.insert(r.file);
  return out;
}

// The include directories spatch reads types from for `file`: its own
// architecture's for a file under arch/, else the scan's, and the
// generated headers of the build directory for the scan's architecture.
std::vector<std::string> includeArgs(const std::string &file, const std::string &root,
                                     const CocciOptions &options) {
  std::string rel = relativeTo(file, root), arch = options.srcArch;
  if (rel.compare(0, 5, "arch/") == 0) arch = rel.substr(5, rel.find('/', 5) - 5);
  std::vector<std::string> dirs = {"arch/" + arch + "/include", "include",
                                   "arch/" + arch + "/include/uapi", "include/uapi"};
  std::vector<std::string> args;
  for (const std::string &d : dirs) args.insert(args.end(), {"-I", root + "/" + d});
  auto other = options.otherArchGeneratedDirs.find(arch);
  const std::vector<std::string> *generated =
      arch == options.srcArch ? &options.generatedIncludeDirs
      : other != options.otherArchGeneratedDirs.end() ? &other->second : nullptr;
  if (generated)
    for (const std::string &d : *generated) args.insert(args.end(), {"-I", d});
  return args;
}

// Where one script's time went, pass by pass (CocciResult::profile).
// Chunks run in parallel: the counts add up under a lock.
struct ScriptProfile {
  struct Process {
    std::string pass;
    SpatchTiming timing;
  };
  struct Pass {
    size_t files = 0;
    unsigned processes = 0, batchesRetried = 0;
    double processSeconds = 0;
  };
  std::mutex mutex;
  std::map<std::string, Pass> passes;
  std::vector<std::string> order;  // pass names as first run
  std::vector<Process> processes;
  double elapsed = 0;

  void add(const std::string &pass, size_t files, const SpatchRun &run) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!passes.count(pass)) order.push_back(pass);
    Pass &p = passes[pass];
    p.files += files;
    p.processes += run.processes;
    p.batchesRetried += run.batchesRetried;
    for (const SpatchTiming &t : run.timings) {
      p.processSeconds += t.seconds;
      processes.push_back({pass, t});
    }
  }

  nlohmann::json json() const {
    nlohmann::json out = nlohmann::json::array();
    for (const std::string &name : order) {
      const Pass &p = passes.at(name);
      out.push_back({{"pass", name},
                     {"files", p.files},
                     {"processes", p.processes},
                     {"batches_retried", p.batchesRetried},
                     {"process_seconds", std::round(p.processSeconds * 100) / 100}});
    }
    return out;
  }
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs a script over `files` the way its Options say (--no-includes: types
// from the file itself, fast), then again over the files where an access
// stayed untyped, with header types: first the headers the file includes
// (--all-includes), then for what is still untyped every header they
// include (--recursive-includes, slow). A file's records are those of its
// last pass that ran without a problem. `typing` counts the files still
// untyped after each pass.
SpatchRun runTyped(const SpatchSettings &base, const std::vector<std::string> &files,
                   const Script &script, const std::string &root,
                   const CocciOptions &options, std::vector<size_t> &typing, ScriptProfile &profile) {
  SpatchRun run = runSpatch(base, files);
  profile.add("script options", files.size(), run);
  std::set<std::string> untyped = untypedFiles(run.records);
  typing = {untyped.size()};
  bool noIncludes = std::find(script.options.begin(), script.options.end(), "--no-includes") !=
                    script.options.end();
  for (const char *pass : {"--all-includes", "--recursive-includes"}) {
    if (untyped.empty() || !noIncludes || !options.headerTypes) break;
    SpatchRun passRun;
    // Group by include directories (one architecture's, or another's).
    std::map<std::vector<std::string>, std::vector<std::string>> groups;
    for (const std::string &f : untyped) groups[includeArgs(f, root, options)].push_back(f);
    std::map<std::string, std::vector<CocciRecord>> redone;
    std::set<std::string> failed;
    for (const auto &[includes, group] : groups) {
      SpatchSettings s = base;
      s.arguments.erase(std::remove(s.arguments.begin(), s.arguments.end(), "--no-includes"),
                        s.arguments.end());
      s.arguments.insert(s.arguments.end(), {pass, "--include-headers-for-types"});
      s.arguments.insert(s.arguments.end(), includes.begin(), includes.end());
      SpatchRun again = runSpatch(s, group);
      passRun.processes += again.processes;
      passRun.batchesRetried += again.batchesRetried;
      passRun.timings.insert(passRun.timings.end(), again.timings.begin(), again.timings.end());
      for (SpatchProblem p : again.problems) {
        if (p.kind != "malformed") failed.insert(p.file);
        p.detail = std::string(pass) + ": " + p.detail;
        run.problems.push_back(std::move(p));
      }
      for (CocciRecord &r : again.records) redone[r.file].push_back(std::move(r));
      for (const std::string &f : group) redone[f];  // a file may now have no record
    }
    profile.add(pass, untyped.size(), passRun);
    if (failed.count("")) break;  // a whole batch lost: keep what we have
    std::vector<CocciRecord> records;
    for (CocciRecord &r : run.records)
      if (!redone.count(r.file) || failed.count(r.file)) records.push_back(std::move(r));
    std::set<std::string> still;
    for (auto &[file, list] : redone) {
      if (failed.count(file)) {
        still.insert(file);
        continue;
      }
      for (const CocciRecord &r : list) still.insert(r.kind == "untyped" ? r.file : "");
      records.insert(records.end(), list.begin(), list.end());
    }
    still.erase("");
    run.records = std::move(records);
    untyped = std::move(still);
    typing.push_back(untyped.size());
  }
  return run;
}

// spatch's result for a file depends on the other files of its process
// (types it read for one serve the next: measured on v6.12, two files of
// 278 typed differently when batched differently). So the unit of work
// is a chunk of CocciOptions::chunkSize consecutive files of the sorted
// list, whatever --shard and --jobs say: its typing passes batch only its
// own untyped files, a shard takes whole chunks (index % N), and one run
// and the merged shards run exactly the same processes.
std::vector<std::vector<std::string>> chunksOf(const std::set<std::string> &files, size_t size) {
  std::vector<std::vector<std::string>> out;
  for (const std::string &f : files) {
    if (out.empty() || out.back().size() == std::max<size_t>(1, size)) out.emplace_back();
    out.back().push_back(f);
  }
  return out;
}

// runTyped over each chunk of this shard: records and problems in chunk
// order (process counts are the profile's).
SpatchRun runChunks(const SpatchSettings &base, const std::vector<std::vector<std::string>> &chunks,
                    const Script &script, const std::string &root, const CocciOptions &options,
                    nlohmann::json &entry, ScriptProfile &profile) {
  auto start = std::chrono::steady_clock::now();
  std::vector<SpatchRun> runs(chunks.size());
  std::vector<std::vector<size_t>> typing(chunks.size());
  // Chunks and their batches in parallel, `jobs` spatch processes at most:
  // the order processes run in changes nothing, only who shares one does.
  SpatchSettings one = base;
  one.slots = options.slots;  // runCocciEngine makes one if the caller did not
  std::mutex progressMutex;
  unsigned done = 0;
  one.progress = nullptr;
  parallelFor(chunks.size(), std::max(1u, options.jobs), [&](size_t c) {
    runs[c] = runTyped(one, chunks[c], script, root, options, typing[c], profile);
    std::lock_guard<std::mutex> lock(progressMutex);
    ++done;
    if (base.progress) base.progress(done, static_cast<unsigned>(chunks.size()));
  });
  SpatchRun all;
  std::vector<size_t> untyped;
  for (size_t c = 0; c < chunks.size(); ++c) {
    SpatchRun &r = runs[c];
    all.records.insert(all.records.end(), r.records.begin(), r.records.end());
    all.problems.insert(all.problems.end(), r.problems.begin(), r.problems.end());
    // A chunk that stopped early had no untyped file left: 0 from there.
    for (size_t i = 0; i < typing[c].size(); ++i) {
      if (i == untyped.size()) untyped.push_back(0);
      untyped[i] += typing[c][i];
    }
  }
  if (untyped.empty()) untyped.push_back(0);
  entry["untyped_files_after_each_pass"] = untyped;
  profile.elapsed += secondsSince(start);
  return all;
}

// The profile of every script: its elapsed time and its passes, totals,
// and the 20 slowest processes over all of them (with one file per
// process, --cocci-batch 1, the 20 slowest files).
nlohmann::json profileJson(const std::map<std::string, ScriptProfile> &scripts,
                           const std::string &root) {
  nlohmann::json out = {{"scripts", nlohmann::json::object()}};
  std::vector<std::pair<std::string, const ScriptProfile::Process *>> all;
  unsigned processes = 0, retried = 0;
  for (const auto &[category, p] : scripts) {
    out["scripts"][category] = {{"elapsed_seconds", std::round(p.elapsed * 100) / 100},
                                {"passes", p.json()}};
    for (const auto &[name, pass] : p.passes) {
      processes += pass.processes;
      retried += pass.batchesRetried;
    }
    for (const ScriptProfile::Process &proc : p.processes) all.emplace_back(category, &proc);
  }
  std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
    return a.second->timing.seconds > b.second->timing.seconds;
  });
  nlohmann::json slowest = nlohmann::json::array();
  for (size_t i = 0; i < all.size() && i < 20; ++i) {
    nlohmann::json files = nlohmann::json::array();
    for (const std::string &f : all[i].second->timing.files) files.push_back(relativeTo(f, root));
    slowest.push_back({{"script", all[i].first + ".cocci"},
                       {"pass", all[i].second->pass},
                       {"seconds", std::round(all[i].second->timing.seconds * 100) / 100},
                       {"files", files}});
  }
  out["processes"] = processes;
  out["batches_retried"] = retried;
  out["slowest_processes"] = slowest;
  return out;
}

std::string spatchVersion(const std::string &spatch) {
  auto out = captureOutput({spatch, "--version"});
  if (!out) return "";
  std::string first = out->substr(0, out->find('\n'));
  Regex::Match m;
  static const Regex version(R"(version\s+(\S+))");
  return version.search(first, &m) ? m.str(1) : first;
}

}  // namespace

std::string findSpatch(const std::string &hint) {
  if (!hint.empty() && fs::exists(hint)) return hint;
  std::string found = findProgram(hint.empty() ? "spatch" : hint);
  if (found.empty())
    throw InputError("spatch not found on PATH (the cocci engine needs Coccinelle; "
                     "use --engine clang without it)");
  return found;
}

CocciResult runCocciEngine(const RulePack &rules, const std::string &treeRoot,
                           const std::vector<SourceOccurrence> &occurrences,
                           const CocciOptions &options) {
  std::string spatch = findSpatch(options.spatch);
  std::string scriptsDir = options.scriptsDir.empty()
                               ? (fs::path(dataDir()) / "semantic-patches").string()
                               : options.scriptsDir;
  std::string root = fs::path(treeRoot).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();

  CocciResult result;
  nlohmann::json &cov = result.coverage;
  cov = {{"spatch", spatch},
         {"spatch_version", spatchVersion(spatch)},
         {"timeout_per_file", options.timeoutPerFile},
         {"files_per_process", options.batchSize},
         {"files_per_chunk", options.chunkSize},
         {"scripts", nlohmann::json::object()}};
  nlohmann::json problems = {{"timeout", nlohmann::json::array()},
                             {"crash", nlohmann::json::array()},
                             {"error", nlohmann::json::array()},
                             {"malformed", nlohmann::json::array()}};
  LineCache lines(root);
  Collected collected;
  std::map<std::string, ScriptProfile> profiles;
  // Chunks are numbered across the scripts, so a script of one or two
  // chunks does not land on the first shards every time.
  size_t chunkNumber = 0;

  // Every script's work is ready before any runs: the scripts run side by
  // side, so one's last long process (a recursive typing pass) does not
  // hold a core idle while another still has files. Results are taken in
  // the rule pack's order, so the report does not depend on timing.
  struct ScriptRun {
    const RuleFile *rule;
    Script script;
    nlohmann::json entry;
    std::vector<std::vector<std::string>> chunks;
    SpatchSettings settings;
  };
  std::vector<ScriptRun> runs;
  std::mutex progressMutex;
  std::string announced;
  const std::vector<std::string> gcEnvironment = spatchGcEnvironment(options.jobs);
  for (const RuleFile &rf : rules.files) {
    fs::path path = fs::path(scriptsDir) / (rf.category + ".cocci");
    nlohmann::json entry = {{"script", path.string()}};
    if (!fs::exists(path)) {
      entry["missing"] = true;
      cov["scripts"][rf.category] = entry;
      continue;
    }
    Script script = loadScript(path.string());
    nlohmann::json mismatch = scriptNameMismatch(rf, script.text);
    if (!mismatch["missing"].empty() || !mismatch["extra"].empty())
      entry["name_mismatch"] = mismatch;

    // The files with a site-like occurrence of this category: code or a
    // #define body (directive sites come from the scan itself).
    std::set<std::string> all;
    for (const SourceOccurrence &o : occurrences)
      if (o.category == rf.category && (o.context == "code" || o.context == "define-body"))
        all.insert((fs::path(root) / o.location.file).string());
    std::vector<std::vector<std::string>> every = chunksOf(all, options.chunkSize), chunks;
    size_t files = 0;
    for (size_t c = 0; c < every.size(); ++c, ++chunkNumber)
      if (chunkNumber % std::max(1u, options.shardCount) == options.shardIndex) {
        files += every[c].size();
        chunks.push_back(std::move(every[c]));
      }
    entry["files"] = files;

    SpatchSettings settings;
    settings.program = spatch;
    settings.arguments = {"--very-quiet", "--no-show-diff", "-D", "report"};
    if (script.virtuals.count("explain")) settings.arguments.insert(settings.arguments.end(), {"-D", "explain"});
    settings.arguments.insert(settings.arguments.end(), script.options.begin(), script.options.end());
    settings.arguments.insert(settings.arguments.end(), {"--sp-file", path.string()});
    settings.timeoutPerFile = options.timeoutPerFile;
    settings.batchSize = options.batchSize;
    settings.jobs = options.jobs;
    settings.environment = gcEnvironment;
    std::string label = "cocci " + rf.category;
    // Scripts report from their own threads: one at a time.
    settings.progress = [&options, &progressMutex, label](unsigned done, unsigned total) {
      std::lock_guard<std::mutex> lock(progressMutex);
      if (options.progress) options.progress(done, total, label);
    };
    announced += (announced.empty() ? "" : ", ") + rf.category + ".cocci (" +
                 std::to_string(files) + " files)";
    profiles[rf.category];  // made here, not by the threads
    runs.push_back({&rf, std::move(script), std::move(entry), std::move(chunks), std::move(settings)});
  }
  if (options.status && !announced.empty()) options.status("Coccinelle: " + announced);

  CocciOptions shared = options;
  if (!shared.slots) shared.slots = std::make_shared<JobSlots>(std::max(1u, options.jobs));
  std::vector<std::future<SpatchRun>> running;
  for (ScriptRun &r : runs)
    running.push_back(std::async(std::launch::async, [&, run = &r] {
      try {
        return runChunks(run->settings, run->chunks, run->script, root, shared, run->entry,
                         profiles.at(run->rule->category));
      } catch (...) {
        shared.slots->close();  // the other scripts stop at their next process
        throw;
      }
    }));
  std::vector<SpatchRun> done;
  std::exception_ptr failure;
  for (auto &f : running) {
    try {
      done.push_back(f.get());
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);

  for (size_t i = 0; i < runs.size(); ++i) {
    const RuleFile &rf = *runs[i].rule;
    nlohmann::json &entry = runs[i].entry;
    SpatchRun &run = done[i];
    size_t before = collected.findings.size(), notesBefore = collected.notes.size();
    collectRecords(rf, run.records, root, lines, collected);
    entry["sites"] = collected.findings.size() - before;
    entry["notes"] = collected.notes.size() - notesBefore;
    for (const SpatchProblem &p : run.problems) {
      std::string file = relativeTo(p.file, root);
      if (file.empty()) file = p.file;
      nlohmann::json item = {{"script", rf.category + ".cocci"}, {"file", file}, {"detail", p.detail}};
      problems[p.kind].push_back(item);
    }
    cov["scripts"][rf.category] = entry;
  }
  collectDirectiveSites(rules, occurrences, lines, collected);
  dedupeSites(collected.findings);
  sortNotes(collected.notes);

  for (auto &[kind, list] : problems.items())
    std::sort(list.begin(), list.end(), [](const nlohmann::json &a, const nlohmann::json &b) {
      return std::tie(a["file"], a["script"], a["detail"]) <
             std::tie(b["file"], b["script"], b["detail"]);
    });
  cov["problems"] = problems;
  cov["records_outside_tree"] = collected.outside;
  result.findings = std::move(collected.findings);
  result.notes = std::move(collected.notes);
  result.profile = profileJson(profiles, root);
  // Timing data, like the rest of the profile: what the collector was told.
  result.profile["spatch_environment"] = gcEnvironment;
  return result;
}

}  // namespace kconv
