#include "gate/gate_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/rule_pack.h"
#include "gate/gate_cache.h"
#include "gate/gate_findings.h"
#include "scan/confined_headers.h"
#include "clang/prefilter.h"
#include "scan/tree_api.h"
#include "gate/gate_report_junit.h"
#include "gate/gate_report_mail.h"
#include "gate/gate_report_md.h"
#include "gate/gate_steps.h"
#include "kernel/interrupt.h"
#include "kernel/make_runner.h"
#include "qemu/harness_config.h"
#include "qemu/guest_machine.h"
#include "qemu/harness_run.h"
#include "git/commit_range.h"
#include "git/mail_apply.h"
#include "git/scratch_checkout.h"
#include "git/tree_diff.h"
#include "kernel/arches.h"
#include "kernel/build_dir.h"
#include "kernel/cache_dir.h"
#include "kernel/process.h"
#include "kernel/tree_paths.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string subjectOf(const std::string &message) {
  return message.substr(0, message.find('\n'));
}

// "03-0123456789ab": how a commit's files are named in the report dir.
std::string commitTag(size_t index, const std::string &id) {
  char n[8];
  std::snprintf(n, sizeof n, "%02zu", index + 1);
  return std::string(n) + "-" + id.substr(0, 12);
}

std::string compilerVersion() {
  std::string out = captureOutput({"clang", "--version"}).value_or("clang (unknown version)");
  return out.substr(0, out.find('\n'));
}

// What every uncached commit shares, made on the first one: the scratch
// checkout, the scan configuration and its compile database, the includer
// index. A rerun from the cache never pays for them.
struct Session {
  const GateOptions &options;
  const git::Repository &repo;
  KernelTree tree;  // the user's
  RulePack rules;
  std::string workDir;
  git::ScratchCheckout scratch;
  std::unique_ptr<PreparedBuild> build;
  std::unique_ptr<SeriesAnalysis> analysis;
  std::vector<std::string> crossArches;  // --arch, the host's x86_64 left out
  // --arch: each other architecture's scan configuration (as `kconv scan
  // --arch` prepares it) and its analysis over the same scratch checkout,
  // for the per-architecture findings deltas.
  struct ArchAnalysis {
    std::string arch;
    std::unique_ptr<PreparedBuild> build;
    std::unique_ptr<SeriesAnalysis> analysis;
  };
  std::vector<ArchAnalysis> archAnalyses;
  // The header shortcut's test of a changed item's identifiers: the rule
  // pack's names and fields and the configuration's -D macros, read once.
  std::set<std::string> shortcutTriggers;

  void status(const std::string &m) const {
    if (options.status) options.status(m);
  }

  void prepare(const std::string &baseTree) {
    if (analysis) return;
    status("preparing the scan configuration of " + tree.root);
    PrepareOptions p;
    p.jobs = options.jobs;
    p.status = options.status;
    build = std::make_unique<PreparedBuild>(prepareBuild(tree, buildConfigFor("", rules), p));
    AnalysisOptions a;
    a.jobs = options.jobs;
    a.paths = options.paths;
    a.tuCacheDir = cacheDir() + "/results";
    a.includerCacheFile = workDir + "/includers-" +
                          shortHash(readFile(build->compileDbPath) + '\0' + baseTree, 16) +
                          ".json";
    analysis = std::make_unique<SeriesAnalysis>(tree, *build, rules, scratch.dir(), a);
    LexicalTriggers triggers = triggersFor(packForTreeAt(rules, tree.root));
    shortcutTriggers = commandLineMacros(build->commands);
    shortcutTriggers.insert(triggers.identifiers.begin(), triggers.identifiers.end());
    shortcutTriggers.insert(triggers.members.begin(), triggers.members.end());
    for (const std::string &arch : crossArches) prepareArch(arch, baseTree, a, p);
    if (options.boot) checkBootTools(baseTree);
  }

  void prepareArch(const std::string &arch, const std::string &baseTree,
                   const AnalysisOptions &hostOptions, const PrepareOptions &p) {
    status("preparing the " + arch + " scan configuration of " + tree.root);
    KernelTree archTree = forArch(tree, arch);
    ArchAnalysis aa{arch, nullptr, nullptr};
    aa.build = std::make_unique<PreparedBuild>(prepareBuild(archTree, buildConfigFor("", rules), p));
    AnalysisOptions a = hostOptions;
    a.includerCacheFile = workDir + "/includers-" + arch + "-" +
                          shortHash(readFile(aa.build->compileDbPath) + '\0' + baseTree, 16) +
                          ".json";
    aa.analysis = std::make_unique<SeriesAnalysis>(archTree, *aa.build, rules, scratch.dir(), a);
    archAnalyses.push_back(std::move(aa));
  }

  // The host's test tools, and each other booted architecture's (QEMU,
  // cross libc, busybox, fetched then), before the first build rather than
  // found missing after it.
  void checkBootTools(const std::string &baseTree) {
    scratch.moveTo(baseTree);
    KernelTree checkout = detectKernelTree(scratch.dir());
    checkTestTools(checkout, guestMachine(hostArch()));
    for (const std::string &arch : crossArches)
      if (isBootable(arch))
        checkTestTools(forArch(checkout, arch), guestMachine(arch), options.status);
  }
};

// gate --arch: the architectures whose base the toolchain cannot build are
// named in the report and not gated on (every commit would fail for a
// reason none of them has). The answer is kept per base tree, architecture,
// configuration and compiler, so a rerun does not check out the base again.
void preflightArches(Session &s, const std::string &baseTree, GateReport &report) {
  std::vector<std::string> kept;
  std::string compiler = compilerVersion();
  for (const std::string &arch : s.crossArches) {
    std::string fragments;
    for (const std::string &f : testConfigFragments(arch)) fragments += readFile(f);
    std::string file = s.workDir + "/preflight-" +
                       shortHash(baseTree + '\0' + arch + '\0' + fragments + '\0' + compiler, 16) +
                       ".json";
    std::optional<std::string> error;
    if (fs::exists(file)) {
      nlohmann::json j = nlohmann::json::parse(readFile(file), nullptr, false);
      if (j.is_object() && j.contains("error") && j["error"].is_string())
        error = j["error"].get<std::string>();
    }
    if (!error) {
      s.status("checking that the base builds for " + arch);
      s.scratch.moveTo(baseTree);
      error = crossPreflight(detectKernelTree(s.scratch.dir()), arch, s.options.jobs,
                             s.workDir + "/preflight-" + arch + ".log", s.options.status);
      if (InterruptGuard::requested()) return;
      writeFileAtomically(file, nlohmann::json({{"error", *error}}).dump() + "\n");
    }
    if (error->empty())
      kept.push_back(arch);
    else
      report.unbuiltArches[arch] = *error;
  }
  s.crossArches = kept;
}

std::vector<std::string> changedPaths(const git::Repository &repo, const std::string &from,
                                      const std::string &to) {
  std::vector<std::string> out;
  for (const git::FileChange &c : git::changedFiles(repo, from, to)) out.push_back(c.path);
  return out;
}

CommitResult gateCommit(Session &s, const git::CommitInfo &c, const std::string &parentTree,
                        size_t index, size_t total, const std::string &reportDir,
                        const git::MailPatch *mail) {
  const GateOptions &o = s.options;
  std::string tag = commitTag(index, c.id);
  std::string label = "[" + std::to_string(index + 1) + "/" + std::to_string(total) + "] " +
                      c.id.substr(0, 12) + " ";
  auto status = [&](const std::string &m) { s.status(label + m); };
  CommitResult r;
  r.commit = c.id;
  r.subject = subjectOf(c.message);
  r.tree = c.tree;
  r.parent = c.parents.front();
  if (mail) r.messageId = mail->messageId;
  auto start = Clock::now();

  auto step = Clock::now();
  std::vector<std::string> changed = changedPaths(s.repo, parentTree, c.tree);
  // Headers whose change leaves every other file's findings alone
  // (scan/confined_headers.h): their readers are analysed for their sites.
  ConfinedHeaders confined;
  if (o.headerShortcut) {
    status("which changed headers are confined");
    // A #define under a fresh name is confined too (no token outside the
    // changed items expands it, no #if tests it), and a fresh name may
    // occur in a .c file the commit touches: its readers are analysed
    // whole at both sides anyway (docs/gate.md "Header commits").
    HeaderChangeRules rules;
    rules.freshMacros = true;
    for (const std::string &f : changed)
      if (fs::path(f).extension() == ".c") rules.checkedAnyway.insert(f);
    confined = findConfinedHeaders(s.repo, s.scratch, parentTree, c.tree, changed,
                                   s.shortcutTriggers, rules);
  }
  SeriesAnalysis::Units units;
  std::vector<SeriesAnalysis::Units> archUnits;
  size_t archTus = 0;
  auto selectUnits = [&](const std::vector<std::string> &shortcut) {
    units = s.analysis->affectedUnits(changed, shortcut);
    // Each other architecture's units and findings, side by side with the
    // host's, so the checkout moves to each side once.
    archUnits.clear();
    archTus = 0;
    for (const Session::ArchAnalysis &aa : s.archAnalyses) {
      archUnits.push_back(aa.analysis->affectedUnits(changed, shortcut));
      archTus += archUnits.back().commands.size() + archUnits.back().headerReaders.size();
    }
  };
  // The includer index is built from the checkout on first use: it must
  // hold the parent, not nothing (before a first boot, --no-build or
  // --no-boot, it was still empty, and every TU of the database counted
  // as reading every header).
  s.scratch.moveTo(parentTree);
  selectUnits(confined.headers);
  // At the commit: the parent's findings, for the sites of confined
  // headers that are only moved.
  const SeriesAnalysis::Findings *parentFindings = nullptr;
  const std::vector<SeriesAnalysis::Findings> *parentPerArch = nullptr;
  auto findingsAt = [&](const std::string &treeId, const std::string &what,
                        std::vector<SeriesAnalysis::Findings> &perArch) {
    size_t tus = units.commands.size() + units.headerReaders.size();
    status("findings at the " + what + " (" + std::to_string(tus) + " TUs" +
           (units.headerReaders.empty()
                ? std::string()
                : ", " + std::to_string(units.headerReaders.size()) + " for the sites of " +
                      std::to_string(units.confinedHeaders.size()) + " confined header(s)") +
           (s.archAnalyses.empty() ? "" : ", " + std::to_string(archTus) + " on other arches") +
           ")");
    s.scratch.moveTo(treeId);
    auto movedFrom = [&](const SeriesAnalysis::Findings *p) {
      std::optional<SeriesAnalysis::MovedSites> m;
      if (p && !confined.moved.empty()) m = SeriesAnalysis::MovedSites{p, &confined.moved};
      return m;
    };
    auto hostMoved = movedFrom(parentFindings);
    SeriesAnalysis::Findings f = s.analysis->findingsOf(units, hostMoved ? &*hostMoved : nullptr);
    for (size_t i = 0; i < s.archAnalyses.size() && !InterruptGuard::requested(); ++i) {
      auto archMoved = movedFrom(parentPerArch ? &(*parentPerArch)[i] : nullptr);
      perArch.push_back(
          s.archAnalyses[i].analysis->findingsOf(archUnits[i], archMoved ? &*archMoved : nullptr));
    }
    return f;
  };
  std::vector<SeriesAnalysis::Findings> archBefore, archAfter;
  SeriesAnalysis::Findings before = findingsAt(parentTree, "parent", archBefore);
  if (InterruptGuard::requested()) return r;
  parentFindings = &before;
  parentPerArch = &archBefore;
  SeriesAnalysis::Findings after = findingsAt(c.tree, "commit", archAfter);
  if (InterruptGuard::requested()) return r;
  bool broke = shortcutBroke(before, after);
  for (size_t i = 0; i < archAfter.size() && i < archBefore.size(); ++i)
    broke = broke || shortcutBroke(archBefore[i], archAfter[i]);
  if (broke) {
    // The header's new lines do not compile in some reader: every reader
    // may differ, so the commit is analysed as without the shortcut.
    for (const std::string &h : confined.headers)
      confined.refused[h] = "a reader parsed for its sites fails at the commit";
    selectUnits({});
    confined.moved.clear();
    archBefore.clear();
    archAfter.clear();
    parentFindings = nullptr;
    parentPerArch = nullptr;
    before = findingsAt(parentTree, "parent", archBefore);
    if (InterruptGuard::requested()) return r;
    parentFindings = &before;
    parentPerArch = &archBefore;
    after = findingsAt(c.tree, "commit", archAfter);
    if (InterruptGuard::requested()) return r;
  }
  r.findings = commitDelta(units, before, after);
  for (const auto &[header, map] : confined.moved) r.findings.movedHeaders.push_back(header);
  for (const auto &[header, why] : confined.refused)
    if (std::find(changed.begin(), changed.end(), header) != changed.end())
      r.findings.headerNotes.push_back(header + ": analysed in every reader: " + why);
  for (size_t i = 0; i < s.archAnalyses.size(); ++i)
    r.archFindings[s.archAnalyses[i].arch] = commitDelta(archUnits[i], archBefore[i], archAfter[i]);
  r.seconds.analysis = since(step);
  if (InterruptGuard::requested()) return r;

  step = Clock::now();
  if (o.checkpatch) {
    status("checkpatch");
    // A mailed patch is checked as it was sent, not as git would re-export it.
    r.checkpatch = mail ? checkpatchPatchFile(s.tree.root, mail->file)
                        : checkpatchCommit(s.repo.workdir(), s.tree.root, r.parent, c.id,
                                           reportDir + "/patches/" + tag);
  }
  r.seconds.checkpatch = since(step);

  KernelTree checkout = detectKernelTree(s.scratch.dir());
  if (o.build && !InterruptGuard::requested()) {
    step = Clock::now();
    status("building");
    r.build = buildCommit(checkout, o.jobs, reportDir + "/logs/" + tag + "-build.log", status);
    if (r.build.state == StepState::Failed) r.build.log = "logs/" + tag + "-build.log";
    for (const std::string &arch : s.crossArches) {
      if (InterruptGuard::requested()) break;
      status("building for " + arch);
      std::string log = "logs/" + tag + "-build-" + arch + ".log";
      BuildStep b = crossBuildCommit(checkout, arch, o.jobs, reportDir + "/" + log, status);
      if (b.state == StepState::Failed) b.log = log;
      r.archBuilds[arch] = b;
    }
    r.seconds.build = since(step);
  }
  if (o.boot && r.build.state == StepState::Passed && !InterruptGuard::requested()) {
    step = Clock::now();
    status("booting in QEMU, refcount tests");
    r.tests = testCommit(checkout, hostArch(), o.jobs, o.qemuTimeoutSeconds,
                         reportDir + "/tests/" + tag, status);
    for (const auto &[arch, b] : r.archBuilds) {
      if (InterruptGuard::requested()) break;
      if (b.state != StepState::Passed || !isBootable(arch)) continue;
      status("booting " + arch + " in QEMU, refcount tests");
      r.archTests[arch] = testCommit(checkout, arch, o.jobs, o.qemuTimeoutSeconds,
                                     reportDir + "/tests/" + tag + "-" + arch, status);
    }
    r.seconds.tests = since(step);
  }
  r.seconds.total = since(start);
  return r;
}

// Seconds per step of each commit of this run, the one file of the report
// directory that differs between runs (a cached commit shows 0 and
// "cached": true), kept apart so the reports stay deterministic.
nlohmann::json timingsJson(const GateReport &report) {
  nlohmann::json out = nlohmann::json::array();
  for (const CommitResult &r : report.commits)
    out.push_back({{"commit", r.commit}, {"cached", r.cached},
                   {"analysis", r.seconds.analysis}, {"checkpatch", r.seconds.checkpatch},
                   {"build", r.seconds.build}, {"tests", r.seconds.tests},
                   {"total", r.seconds.total}});
  return out;
}

void writeReports(GateReport &report, const std::string &dir) {
  judgeSeries(report);
  fs::create_directories(dir);
  writeFileAtomically(dir + "/kconv-gate-timings.json", timingsJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  writeFileAtomically(dir + "/kconv-gate.json", toJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  writeFileAtomically(dir + "/kconv-gate.md", gateMarkdown(report));
  writeFileAtomically(dir + "/kconv-gate.junit.xml", gateJunit(report));
}

// A failed build's log lives in the report dir; the cache keeps a copy so
// a result taken from the cache still has its log in a new report dir.
void keepLog(const GateCache &cache, const std::string &key, const CommitResult &r,
             const std::string &reportDir, bool toCache) {
  if (r.build.log.empty()) return;
  std::string inReport = reportDir + "/" + r.build.log;
  std::string inCache = cache.dir() + "/" + key + ".build.log";
  std::error_code ec;
  if (toCache && fs::exists(inReport)) fs::copy_file(inReport, inCache, fs::copy_options::overwrite_existing, ec);
  if (!toCache && fs::exists(inCache)) {
    fs::create_directories(fs::path(inReport).parent_path());
    fs::copy_file(inCache, inReport, fs::copy_options::overwrite_existing, ec);
  }
}

std::string joinArches(const std::vector<std::string> &arches) {
  std::string out;
  for (const std::string &a : arches) out += (out.empty() ? "" : ",") + a;
  return out;
}

std::string configHash(const GateOptions &o, const RulePack &rules,
                       const std::vector<std::string> &crossArches) {
  std::vector<std::string> files = testConfigFragments(hostArch());
  for (const std::string &arch : crossArches)
    for (const std::string &f : testConfigFragments(arch)) files.push_back(f);
  files.push_back(rules.kconfigFragment);
  for (const RuleFile &f : rules.files) files.push_back(f.path);
  std::string paths;
  for (const std::string &p : o.paths) paths += " " + p;
  // The recipe: bumped when a commit's result gains a part (v2: other
  // architectures' tests and findings deltas), so an older result without
  // it is computed again rather than shown incomplete.
  return gateConfigHash(files, "recipe=2 build=" + std::to_string(o.build) + " boot=" +
                                   std::to_string(o.boot) + " qemu-timeout=" +
                                   std::to_string(o.qemuTimeoutSeconds) + " paths=" + paths +
                                   " checkpatch=" + std::to_string(o.checkpatch) +
                                   " arches=" + joinArches(crossArches) +
                                   (o.headerShortcut ? "" : " header-shortcut=0"));
}

// A series read from a mailbox: split, applied on its base outside the
// user's repository (git/mail_apply.h), and made readable to this process.
struct MailSeries {
  git::Mailbox box;
  git::AppliedMailbox applied;
};

git::CommitRange openMailSeries(const git::Repository &repo, const GateOptions &o,
                                const std::string &workDir, MailSeries &out) {
  std::string mbox = o.mbox;
  if (mbox == "-") {  // kept: the reply quotes it, a rerun reads it
    mbox = workDir + "/stdin.mbox";
    std::ostringstream in;
    in << std::cin.rdbuf();
    writeFileAtomically(mbox, in.str());
  }
  out.box = git::readMailbox(mbox, workDir + "/mailbox");
  std::string base = o.base.empty() ? out.box.baseCommit : o.base;
  if (base.empty())
    throw InputError("the mailbox names no base-commit: give --base REV (the commit the series applies on)");
  git::CommitRange range;
  try {
    range.base = repo.commit(base);
  } catch (const KconvError &) {
    throw InputError("base " + base + " is not in " + repo.workdir() +
                     (o.base.empty() ? " (from the mailbox's base-commit: line): fetch it, or give --base REV"
                                     : ": fetch it"));
  }
  out.applied = git::applyMailbox(repo, out.box, range.base.id, workDir + "/applied");
  repo.addObjectDirectory(out.applied.objectDir);
  for (const std::string &id : out.applied.commits) range.commits.push_back(repo.commit(id));
  return range;
}

}  // namespace

GateRun runGate(const GateOptions &given) {
  GateOptions o = given;
  if (o.tree.empty()) throw InputError("--tree DIR is needed: a git work tree of a kernel");
  git::Repository repo = git::Repository::open(o.tree);
  KernelTree tree = detectKernelTree(repo.workdir());
  if (!fs::exists(tree.root + "/scripts/checkpatch.pl"))
    throw InputError("missing tool: " + tree.root + "/scripts/checkpatch.pl");
  if (findProgram("perl").empty()) throw InputError("missing tool: perl (for checkpatch.pl)");
  if (o.build) checkKernelBuildTools();
  o.paths = resolveTreePaths(tree.root, o.paths);

  std::string workDir = cacheDir() + "/gate/" + shortHash(tree.root, 12);
  fs::create_directories(workDir);
  GateRun run;
  run.reportDir = o.reportDir.empty() ? workDir + "/report" : fs::absolute(o.reportDir).string();
  if (insideDirectory(run.reportDir, tree.root))
    throw InputError("--report-dir " + run.reportDir + " is inside the tree; gate never writes there");
  // One gate at a time per tree: they share the scratch checkout.
  FileLock lock(workDir + "/.lock");
  MailSeries mail;
  git::CommitRange range =
      o.mbox.empty() ? git::walkRange(repo, o.range) : openMailSeries(repo, o, workDir, mail);
  run.mailbox = mail.box;

  Session s{o, repo, tree, loadRulePack(o.rulesDir.empty() ? dataDir() + "/rules" : o.rulesDir),
            workDir, git::ScratchCheckout(repo, workDir + "/checkout"), nullptr, nullptr};
  if (!o.archSpec.empty()) {
    if (!o.build) throw InputError("--arch builds every commit for each architecture: it needs the build (drop --no-build)");
    for (const std::string &a : parseArchList(o.archSpec, tree))
      if (a != hostArch()) s.crossArches.push_back(a);
  }
  GateReport &report = run.report;
  if (!s.crossArches.empty()) preflightArches(s, range.base.tree, report);
  GateCache cache(configHash(o, s.rules, s.crossArches));

  report.range = o.mbox.empty() ? o.range : "mailbox " + o.mbox + " on " + range.base.id.substr(0, 12);
  report.base = range.base.id;
  report.baseSubject = subjectOf(range.base.message);
  report.tree = tree.root;
  report.kernelVersion = tree.version;
  report.scanConfig = fs::path(s.rules.kconfigFragment).stem().string();
  report.findingsPaths = o.paths;
  report.hostArch = hostArch();
  report.testConfig = describeTestConfig(testConfigFragments(hostArch()));
  report.compiler = compilerVersion();
  report.reproduce = o.reproduce;
  report.build = o.build;
  report.boot = o.boot;
  report.crossArches = s.crossArches;
  report.policy = o.policy;
  report.seriesLength = o.mbox.empty() ? range.commits.size() : mail.box.patches.size();
  auto subjectAt = [&](size_t i) {
    return o.mbox.empty() ? subjectOf(range.commits[i].message) : mail.box.patches[i].subject;
  };

  std::string parentTree = range.base.tree;
  for (size_t i = 0; i < range.commits.size(); ++i) {
    const git::CommitInfo &c = range.commits[i];
    if (InterruptGuard::requested()) break;
    std::string key = cache.keyFor(c, parentTree);
    std::optional<CommitResult> r = cache.load(key);
    if (r) {
      // Same trees, message and configuration: the same result, whatever
      // the commit id (a rebase that left this commit alone).
      r->commit = c.id;
      r->parent = c.parents.front();
      r->messageId = o.mbox.empty() ? "" : mail.box.patches[i].messageId;
      keepLog(cache, key, *r, run.reportDir, false);
    } else {
      try {
        s.prepare(range.base.tree);
        r = gateCommit(s, c, parentTree, i, report.seriesLength, run.reportDir,
                       o.mbox.empty() ? nullptr : &mail.box.patches[i]);
      } catch (const KconvError &) {
        if (!InterruptGuard::requested()) throw;
      }
      if (InterruptGuard::requested()) break;  // unfinished: not kept, not cached
      cache.store(key, *r);
      keepLog(cache, key, *r, run.reportDir, true);
    }
    report.commits.push_back(*r);
    if (o.commitDone) o.commitDone(i, report.seriesLength, *r);
    writeReports(report, run.reportDir);
    parentTree = c.tree;
  }
  report.interrupted = InterruptGuard::requested();
  // The patch that did not apply is its own verdict; those after it never
  // had a tree to be gated on.
  if (mail.applied.failedPatch && !report.interrupted &&
      report.commits.size() == range.commits.size()) {
    const git::MailPatch &p = mail.box.patches[*mail.applied.failedPatch];
    CommitResult failed;
    failed.subject = p.subject;
    failed.parent = range.commits.empty() ? range.base.id : range.commits.back().id;
    failed.messageId = p.messageId;
    failed.applyError = mail.applied.failure.empty() ? "git apply failed" : mail.applied.failure;
    report.commits.push_back(failed);
    if (o.commitDone) o.commitDone(report.commits.size() - 1, report.seriesLength, failed);
  }
  for (size_t i = report.commits.size(); i < report.seriesLength; ++i)
    report.notRun.emplace_back(i < range.commits.size() ? range.commits[i].id : "", subjectAt(i));
  writeReports(report, run.reportDir);
  ReplyContext replies{&report, o.mbox.empty() ? nullptr : &run.mailbox, run.reportDir,
                       o.mbox == "-" ? workDir + "/stdin.mbox" : o.mbox,
                       fs::path(workDir + "/checkout").lexically_relative(cacheDir()).string() + "/"};
  run.replies = writeReplyMails(replies);
  return run;
}

}  // namespace kconv
