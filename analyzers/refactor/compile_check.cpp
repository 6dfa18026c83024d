#include "refactor/compile_check.h"

#include "core/parallel.h"
#include "core/regex.h"

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "kernel/cache_dir.h"

#include "clang/clang_engine.h"
#include "core/atomic_file.h"
#include "git/scratch_checkout.h"
#include "git/tree_diff.h"
#include "kernel/process.h"
#include "kernel/tree_paths.h"
#include "kernel/command_relocate.h"
#include "clang/prefilter.h"
#include "clang/source_lexer.h"
#include "scan/affected_units.h"
#include "scan/confined_headers.h"

namespace fs = std::filesystem;

namespace kconv::refactor {

namespace {

struct Diagnostics {
  bool ok = false;
  std::string error;
  std::vector<std::string> warnings;  // "file: warning: text", tree-relative file
};

std::string hashOf(const std::string &text) { return shortHash(text, 40); }

std::string relativeTo(const std::string &path, const std::string &directory,
                       const std::string &root) {
  fs::path p = path;
  if (p.is_relative()) p = fs::path(directory) / p;
  return treeRelative(p.lexically_normal().string(), root);
}

// clang's "path:line:col: warning: text" lines; the line and column are
// dropped from warnings so a moved line is not a new warning.
Diagnostics parseDiagnostics(const std::string &output, int exitCode,
                             const std::string &directory, const std::string &root) {
  static const Regex line(R"(^(.+?):(\d+):(\d+): (warning|error|fatal error): (.*)$)");
  Diagnostics d;
  d.ok = exitCode == 0;
  std::istringstream in(output);
  std::string text;
  while (std::getline(in, text)) {
    Regex::Match m;
    if (!line.fullMatch(text, &m)) continue;
    std::string file = relativeTo(m[1], directory, root);
    if (m[4] == "warning")
      d.warnings.push_back(file + ": warning: " + m.str(5));
    else if (d.error.empty())
      d.error = file + ":" + m.str(2) + ": " + m.str(5);
  }
  if (!d.ok && d.error.empty()) d.error = "clang exited with " + std::to_string(exitCode);
  return d;
}

class UnitCompiler {
 public:
  UnitCompiler(const CompileCheckOptions &o, const std::string &treeRoot)
      : o_(o), treeRoot_(treeRoot) {}

  // Compiles `units` (indices into db) against the tree the checkout holds.
  std::vector<Diagnostics> run(const std::vector<const CompileCommand *> &units,
                               const std::string &tree, std::vector<bool> &cached) {
    std::vector<Diagnostics> out(units.size());
    cached.assign(units.size(), false);
    std::atomic<size_t> next{0};
    std::atomic<unsigned> done{0};
    std::mutex progressMutex;
    auto worker = [&] {
      for (size_t i = next++; i < units.size(); i = next++) {
        CompileCommand cmd = relocateCommand(*units[i], treeRoot_, o_.checkoutDir);
        std::vector<std::string> args = syntaxCheckArguments(cmd);
        std::string key;
        for (const std::string &a : args) key += a + '\0';
        key = hashOf(key + cmd.directory + '\0' + tree + '\0' + o_.salt);
        std::string cacheFile = o_.cacheDir.empty() ? "" : o_.cacheDir + "/" + key + ".json";
        if (!cacheFile.empty() && fs::exists(cacheFile)) {
          auto j = nlohmann::json::parse(readFile(cacheFile), nullptr, false);
          if (!j.is_discarded()) {
            out[i] = {j["ok"], j["error"], j["warnings"].get<std::vector<std::string>>()};
            cached[i] = true;
          }
        }
        if (!cached[i]) {
          std::string log = o_.checkoutDir + ".logs/" + key + ".log";
          ProcessOptions po;
          po.workingDir = cmd.directory;
          po.logPath = log;
          po.timeoutSeconds = 600;
          ProcessResult pr = runProcess(args, po);
          out[i] = parseDiagnostics(readFile(log), pr.exitCode, cmd.directory, o_.checkoutDir);
          fs::remove(log);
          if (!cacheFile.empty())
            writeFileAtomically(cacheFile, nlohmann::json{{"ok", out[i].ok},
                                                          {"error", out[i].error},
                                                          {"warnings", out[i].warnings}}
                                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
        std::lock_guard<std::mutex> lock(progressMutex);
        if (o_.progress) o_.progress(++done, static_cast<unsigned>(units.size()), units[i]->file);
      }
    };
    fs::create_directories(o_.checkoutDir + ".logs");
    if (!o_.cacheDir.empty()) fs::create_directories(o_.cacheDir);
    runWorkers(std::max(1u, o_.jobs), worker);
    return out;
  }

 private:
  const CompileCheckOptions &o_;
  std::string treeRoot_;
};

std::vector<std::string> inTouched(const std::vector<std::string> &warnings,
                                   const std::set<std::string> &touched) {
  std::vector<std::string> out;
  for (const std::string &w : warnings)
    if (touched.count(w.substr(0, w.find(": warning: ")))) out.push_back(w);
  return out;
}

// The touched headers whose change cannot break an includer beyond the
// header's own changed text, each with one includer per preprocessor
// context (the first by file name: the choice is stable). The changed text
// compiles in every TU of a context as in one (the pre-filter's argument:
// a guarded header means the same in every TU compiled with the same
// -D/-U/-include flags); everything else every includer reads is as it
// was at the parent. Leaves the checkout at the parent.
std::map<std::string, std::vector<size_t>> provenHeaders(
    const git::Repository &repo, git::ScratchCheckout &checkout, const std::string &parentTree,
    const std::string &commitTree, CommitCheck &check, const std::vector<CompileCommand> &db,
    const SourceUnits &sources, const IncluderIndex &index, const std::vector<std::string> &paths,
    const std::set<std::string> &poor) {
  std::map<std::string, std::vector<size_t>> out;
  bool anyHeader = false;
  for (const std::string &f : check.touched) anyHeader = anyHeader || fs::path(f).extension() == ".h";
  if (!anyHeader) return out;
  HeaderChangeRules rules;
  rules.freshMacros = true;
  for (const std::string &f : check.touched)
    if (fs::path(f).extension() == ".c" && sources.unitOf(f)) rules.checkedAnyway.insert(f);
  ConfinedHeaders confined = findConfinedHeaders(repo, checkout, parentTree, commitTree,
                                                 check.touched, {}, rules);
  check.unprovenHeaders = confined.refused;
  for (const std::string &h : confined.headers) {
    std::optional<std::string> text = repo.readFile(commitTree, h);
    if (!text || !lexSource(*text).includeGuarded) {
      check.unprovenHeaders[h] = "not include-guarded: its text may mean something else in each includer";
      continue;
    }
    // context -> includer: under --check-paths where the context has one.
    std::map<std::string, size_t> byContext;
    std::vector<size_t> includers = index.includersOf(h);
    auto rank = [&](size_t i) {
      std::string file = sources.fileOf(i);
      return std::make_tuple(!underPaths(file, paths), poor.count(file) > 0, file);
    };
    auto better = [&](size_t i, size_t than) { return rank(i) < rank(than); };
    for (size_t i : includers) {
      std::string context = preprocessorContext(db[i].arguments);
      auto it = byContext.find(context);
      if (it == byContext.end() || better(i, it->second)) byContext[context] = i;
    }
    std::vector<size_t> chosen;
    for (const auto &[context, i] : byContext) chosen.push_back(i);
    std::sort(chosen.begin(), chosen.end());
    check.provenHeaders[h] = {static_cast<unsigned>(includers.size()), static_cast<unsigned>(chosen.size())};
    out[h] = std::move(chosen);
  }
  return out;
}

}  // namespace

unsigned CommitCheck::failed() const {
  unsigned n = 0;
  for (const UnitCheck &u : units) n += u.ok || u.failsAtParent ? 0 : 1;
  return n;
}

unsigned CommitCheck::failedBefore() const {
  unsigned n = 0;
  for (const UnitCheck &u : units) n += u.failsAtParent ? 1 : 0;
  return n;
}

unsigned CommitCheck::newWarnings() const {
  unsigned n = 0;
  for (const UnitCheck &u : units) n += static_cast<unsigned>(u.newWarnings.size());
  return n;
}

std::vector<CommitCheck> checkSeriesCompiles(const git::Repository &repo,
                                             const WrittenSeries &series,
                                             const std::vector<std::string> &subjects,
                                             const std::vector<CompileCommand> &db,
                                             const std::string &treeRoot,
                                             const IncluderIndex &index,
                                             const CompileCheckOptions &options) {
  SourceUnits sources(db, treeRoot);
  SelectionPolicy policy;
  policy.headersOnly = true;
  policy.paths = options.includerPaths;
  git::ScratchCheckout checkout(repo, options.checkoutDir);
  UnitCompiler compiler(options, treeRoot);
  std::vector<CommitCheck> out;
  std::string parentTree = repo.commit(series.base).tree;
  for (size_t c = 0; c < series.commits.size(); ++c) {
    CommitCheck check;
    check.commit = series.commits[c];
    check.subject = c < subjects.size() ? subjects[c] : "";
    for (const git::FileChange &fc : git::changedFiles(repo, parentTree, series.trees[c]))
      check.touched.push_back(fc.path);
    std::map<std::string, std::vector<size_t>> proven;
    if (options.proveHeaders)
      proven = provenHeaders(repo, checkout, parentTree, series.trees[c], check, db, sources, index,
                             options.includerPaths, options.poorWitnesses);
    UnitSelection chosen = selectUnits(
        check.touched, sources,
        [&](const std::string &f) {
          auto it = proven.find(f);
          return it != proven.end() ? it->second : index.includersOf(f);
        },
        policy);
    const std::map<size_t, std::string> &units = chosen.units;
    for (const std::string &f : chosen.unread)
      if (fs::path(f).extension() == ".c") check.notBuilt.push_back(f);
    check.includersSkipped = chosen.outsidePaths;
    std::vector<const CompileCommand *> list;
    for (const auto &[i, why] : units) list.push_back(&db[i]);
    if (options.status)
      options.status("commit " + std::to_string(c + 1) + "/" +
                     std::to_string(series.commits.size()) + ": compiling " +
                     std::to_string(list.size()) + " TUs");
    checkout.moveTo(series.trees[c]);
    std::vector<bool> cached;
    std::vector<Diagnostics> now = compiler.run(list, series.trees[c], cached);

    std::set<std::string> touched(check.touched.begin(), check.touched.end());
    std::vector<const CompileCommand *> warned;
    std::vector<size_t> warnedAt;
    size_t k = 0;
    for (const auto &[i, why] : units) {
      UnitCheck u;
      u.file = sources.fileOf(i);
      u.why = why;
      u.ok = now[k].ok;
      u.cached = cached[k];
      u.error = now[k].error;
      u.newWarnings = inTouched(now[k].warnings, touched);
      if (!u.newWarnings.empty() || !u.ok) {
        warned.push_back(&db[i]);
        warnedAt.push_back(check.units.size());
      }
      check.units.push_back(std::move(u));
      ++k;
    }
    // What the parent already had (a warning, a failure) is not new.
    if (!warned.empty()) {
      checkout.moveTo(parentTree);
      std::vector<bool> c2;
      std::vector<Diagnostics> before = compiler.run(warned, parentTree, c2);
      for (size_t w = 0; w < warned.size(); ++w) {
        std::multiset<std::string> old;
        for (const std::string &x : inTouched(before[w].warnings, touched)) old.insert(x);
        std::vector<std::string> fresh;
        for (const std::string &x : check.units[warnedAt[w]].newWarnings) {
          auto it = old.find(x);
          if (it != old.end())
            old.erase(it);
          else
            fresh.push_back(x);
        }
        check.units[warnedAt[w]].newWarnings = fresh;
        if (!check.units[warnedAt[w]].ok && !before[w].ok) check.units[warnedAt[w]].failsAtParent = true;
      }
    }
    std::sort(check.notBuilt.begin(), check.notBuilt.end());
    out.push_back(std::move(check));
    parentTree = series.trees[c];
  }
  return out;
}

nlohmann::json toJson(const CommitCheck &c) {
  nlohmann::json proven = nlohmann::json::object();
  for (const auto &[h, counts] : c.provenHeaders)
    proven[h] = {{"includers", counts.first}, {"compiled", counts.second}};
  nlohmann::json units = nlohmann::json::array();
  for (const UnitCheck &u : c.units)
    units.push_back({{"file", u.file}, {"why", u.why}, {"ok", u.ok}, {"error", u.error},
                     {"fails_at_parent", u.failsAtParent}, {"new_warnings", u.newWarnings}});
  return {{"commit", c.commit}, {"subject", c.subject}, {"touched", c.touched},
          {"units", units}, {"failed", c.failed()}, {"failed_at_parent_too", c.failedBefore()},
          {"new_warnings", c.newWarnings()},
          {"includers_skipped", c.includersSkipped}, {"not_built", c.notBuilt},
          {"proven_headers", proven}, {"unproven_headers", c.unprovenHeaders}};
}

std::string summary(const CommitCheck &c) {
  unsigned touched = 0, cached = 0;
  for (const UnitCheck &u : c.units) {
    touched += u.why == "touched" ? 1 : 0;
    cached += u.cached ? 1 : 0;
  }
  std::ostringstream out;
  out << "compiled " << c.units.size() << " TUs (" << touched << " touched, "
      << c.units.size() - touched << " include a touched header";
  if (c.includersSkipped) out << ", " << c.includersSkipped << " includers outside --check-paths skipped";
  for (const auto &[h, counts] : c.provenHeaders)
    out << "; " << h << " proven confined: " << counts.second << " of its " << counts.first
        << " includers, one per preprocessor context";
  out << "): " << c.units.size() - c.failed() - c.failedBefore() << " ok, " << c.failed()
      << " failed";
  if (c.failedBefore()) out << " (+" << c.failedBefore() << " failing at the parent too)";
  out << ", " << c.newWarnings() << " new warnings in touched files";
  if (cached) out << " [" << cached << " from cache]";
  if (!c.notBuilt.empty()) out << "; not built by this configuration: " << c.notBuilt.size();
  return out.str();
}

}  // namespace kconv::refactor
