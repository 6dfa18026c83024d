// kconv gate's parts on small inputs: range walking and its refusals on
// git fixture repos, the findings delta by fingerprint, the result cache,
// the verdict policy and the three report formats.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "gate/findings_delta.h"
#include "gate/gate_cache.h"
#include "gate/gate_report.h"
#include "gate/gate_report_junit.h"
#include "gate/gate_report_md.h"
#include "gate/gate_steps.h"
#include "gate/gate_table.h"
#include "gate/gate_verdict.h"
#include "kernel/make_runner.h"
#include "kernel/process.h"
#include "git/commit_range.h"
#include "support/git_fixture.h"

namespace fs = std::filesystem;


namespace kconv {
namespace {

std::string commitFile(const std::string &dir, const std::string &path, const std::string &text,
                       const std::string &subject) {
  std::ofstream(fs::path(dir) / path) << text;
  test::git(dir, {"add", "-A"});
  test::git(dir, {"-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", subject});
  std::string id = test::git(dir, {"rev-parse", "HEAD"});
  return id.substr(0, 40);
}

std::string linearRepo() {
  std::string dir = test::gitScratchDir() + "/linear";
  test::makeGitRepo(dir, {{"a.c", "int a;\n"}});
  commitFile(dir, "a.c", "int a1;\n", "one");
  commitFile(dir, "b.c", "int b;\n", "two");
  commitFile(dir, "a.c", "int a3;\n", "three");
  return dir;
}

TEST(CommitRange, WalksOldestFirstWithParents) {
  std::string dir = linearRepo();
  git::Repository repo = git::Repository::open(dir);
  git::CommitRange r = git::walkRange(repo, "HEAD~3..HEAD");
  ASSERT_EQ(r.commits.size(), 3u);
  EXPECT_EQ(r.commits[0].message, "one\n");
  EXPECT_EQ(r.commits[2].message, "three\n");
  EXPECT_EQ(r.commits[0].parents.front(), r.base.id);
  EXPECT_EQ(r.commits[1].parents.front(), r.commits[0].id);
  EXPECT_EQ(git::walkRange(repo, "HEAD~1..main").commits.size(), 1u);
}

TEST(CommitRange, RefusesBadRanges) {
  std::string dir = linearRepo();
  git::Repository repo = git::Repository::open(dir);
  auto message = [&](const std::string &spec) {
    try {
      git::walkRange(repo, spec);
    } catch (const InputError &e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(message("HEAD..HEAD"), "empty range HEAD..HEAD: no commit to gate");
  EXPECT_EQ(message("nosuch..HEAD"), "unknown revision: nosuch");
  EXPECT_EQ(message("HEAD~1..nosuch"), "unknown revision: nosuch");
  EXPECT_EQ(message("HEAD"), "expected a range BASE..HEAD, got 'HEAD'");
  EXPECT_EQ(message("HEAD~1...HEAD"), "expected a range BASE..HEAD, got 'HEAD~1...HEAD'");
  EXPECT_NE(message("HEAD..HEAD~2").find("is not an ancestor of"), std::string::npos);

  // A merge in the range: refused, naming the merge commit.
  test::git(dir, {"checkout", "-q", "-b", "side", "HEAD~2"});
  commitFile(dir, "c.c", "int c;\n", "side");
  test::git(dir, {"checkout", "-q", "main"});
  test::git(dir, {"-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "-q", "--no-ff",
            "-m", "merge", "side"});
  std::string merge = test::git(dir, {"rev-parse", "--short=12", "HEAD"}).substr(0, 12);
  std::string m = message("HEAD~3..HEAD");
  EXPECT_NE(m.find("merge commit " + merge), std::string::npos) << m;
  EXPECT_NE(m.find("linear series only"), std::string::npos) << m;
}

Finding finding(const std::string &rule, const std::string &file, unsigned line,
                const std::string &function, const std::string &code,
                const std::string &category = "pgmap-type") {
  Finding f;
  f.rule = rule;
  f.category = category;
  f.location = {file, line, 5};
  f.function = function;
  f.code = code;
  f.message = "msg";
  return f;
}

TEST(FindingsDelta, NewRemovedMovedByFingerprint) {
  std::vector<Finding> before = {
      finding("pgmap-type.compare", "mm/a.c", 10, "f", "pgmap->type == X"),
      finding("pgmap-type.compare", "mm/a.c", 20, "g", "pgmap->type == Y"),
      finding("devmap.pmd_devmap", "mm/b.c", 5, "h", "pmd_devmap(p)", "devmap")};
  std::vector<Finding> after = {
      finding("pgmap-type.compare", "mm/a.c", 14, "f", "pgmap->type   ==   X"),  // moved
      finding("pgmap-type.compare", "mm/a.c", 30, "k", "pgmap->type == Z"),  // new
      finding("devmap.pmd_devmap", "mm/b.c", 5, "h", "pmd_devmap(p)", "devmap")};  // same
  for (auto &f : after) f.code = normaliseCode(f.code);
  for (auto &f : before) f.code = normaliseCode(f.code);
  assignFingerprints(before);
  assignFingerprints(after);
  FindingsDelta d = diffFindings(before, after);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].function, "k");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].function, "g");
  ASSERT_EQ(d.moved.size(), 1u);
  EXPECT_EQ(d.moved[0].before.location.line, 10u);
  EXPECT_EQ(d.moved[0].after.location.line, 14u);
  EXPECT_EQ(d.netRemovedByCategory().at("pgmap-type"), 0);
  EXPECT_EQ(findingLine(d.added[0]), "mm/a.c:30:5: pgmap-type.compare: msg [in k()]");
  FindingsDelta back = deltaFromJson(toJson(d));
  EXPECT_EQ(toJson(back), toJson(d));
}

CommitResult result(const std::string &id, const std::string &subject) {
  CommitResult r;
  r.commit = id;
  r.subject = subject;
  r.tree = "tree-" + id;
  r.parent = "parent-" + id;
  r.build.state = StepState::Passed;
  r.checkpatch.state = StepState::Passed;
  return r;
}

TEST(GateCache, KeyFollowsTreesMessageAndConfiguration) {
  std::string dir = test::gitScratchDir() + "/gate-cache";
  GateCache cache("config-a", dir);
  git::CommitInfo c;
  c.id = "1111";
  c.tree = "t1";
  c.message = "subject\n";
  c.author = {"A", "a@example.org", 0, 0};
  std::string key = cache.keyFor(c, "t0");
  EXPECT_FALSE(cache.load(key));
  cache.store(key, result("1111", "subject"));
  auto hit = cache.load(key);
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->cached);
  EXPECT_EQ(toJson(*hit), toJson(result("1111", "subject")));

  git::CommitInfo rebased = c;
  rebased.id = "2222";  // same trees, same patch: same result
  EXPECT_EQ(cache.keyFor(rebased, "t0"), key);
  EXPECT_NE(cache.keyFor(c, "t0-moved-base"), key);
  git::CommitInfo edited = c;
  edited.tree = "t1b";
  EXPECT_NE(cache.keyFor(edited, "t0"), key);
  edited = c;
  edited.message = "subject, reworded\n";
  EXPECT_NE(cache.keyFor(edited, "t0"), key);
  EXPECT_NE(GateCache("config-b", dir).keyFor(c, "t0"), key);

  // A damaged entry is a miss, not a crash.
  writeFileAtomically(dir + "/" + key + ".json", "{not json");
  EXPECT_FALSE(cache.load(key));
}

TEST(GateVerdict, PolicyDecidesWhatFails) {
  GatePolicy policy;
  CommitResult broken = result("a", "broken");
  broken.build = {StepState::Failed, "mm/x.c:3:1: error: boom", "logs/01-a-build.log"};
  Verdict v = judge(broken, policy, {});
  EXPECT_FALSE(v.pass);
  ASSERT_EQ(v.reasons.size(), 1u);
  EXPECT_EQ(v.reasons[0], "build failed: mm/x.c:3:1: error: boom");

  CommitResult splat = result("b", "splat");
  splat.tests.state = StepState::Failed;
  splat.tests.splats = {"bad-page: BUG: Bad page state (in fsdax)"};
  splat.tests.failedTests = {"kunit.x: expected 1"};
  v = judge(splat, policy, {});
  EXPECT_EQ(v.reasons.size(), 2u);
  GatePolicy noSplat = policy;
  noSplat.failOn.erase("splat");
  EXPECT_EQ(judge(splat, noSplat, {}).reasons.size(), 1u);

  CommitResult adds = result("c", "adds");
  adds.findings.added = {finding("pgmap-type.compare", "mm/a.c", 3, "f", "x")};
  adds.findings.added.push_back(finding("devmap.pmd_devmap", "mm/a.c", 4, "f", "y", "devmap"));
  Finding keep = finding("pgmap-type.switch", "mm/memremap.c", 9, "memremap_pages", "z");
  keep.details["behaviour"] = "keep";
  adds.findings.added.push_back(keep);
  EXPECT_TRUE(judge(adds, policy, {}).pass) << "no converted category";
  v = judge(adds, policy, {"pgmap-type"});
  EXPECT_FALSE(v.pass);
  ASSERT_EQ(v.reasons.size(), 1u);
  EXPECT_EQ(v.reasons[0], "1 new pgmap-type finding (the series converts pgmap-type)");

  CommitResult style = result("d", "style");
  style.checkpatch = {StepState::Failed, 2, 0, {"ERROR:X: y", "ERROR:X: z"}};
  EXPECT_TRUE(judge(style, policy, {}).pass) << "checkpatch reports, fails only on request";
  GatePolicy strict = policy;
  strict.failOn.insert("checkpatch");
  EXPECT_EQ(judge(style, strict, {}).reasons, std::vector<std::string>{"checkpatch: 2 errors"});
}

// gate --arch with tests: another architecture's failing tests, splats and
// hang fail the commit, named; the tests column shows it; the cache keeps it.
TEST(GateVerdict, AnotherArchitecturesTestsAreJudgedAndNamed) {
  CommitResult r = result("e", "breaks arm64 refcounts");
  r.build.state = StepState::Passed;
  r.tests.state = StepState::Passed;
  r.archBuilds["arm64"] = {StepState::Passed, "", ""};
  TestsStep &arm = r.archTests["arm64"];
  arm.state = StepState::Failed;
  arm.summary = "FAIL: kunit 13/14 passed (1 failed)";
  arm.failedTests = {"kunit.private_alloc_get_put: expected 0"};
  arm.splats = {"bad-page: BUG: Bad page state (in kunit)"};
  Verdict v = judge(r, GatePolicy(), {});
  EXPECT_FALSE(v.pass);
  EXPECT_EQ(v.reasons, (std::vector<std::string>{
                           "test failed (arm64): kunit.private_alloc_get_put: expected 0",
                           "splat (arm64): bad-page: BUG: Bad page state (in kunit)"}));
  EXPECT_NE(gateRow(0, 1, r, v, false).find("ok     FAIL   "), std::string::npos)
      << gateRow(0, 1, r, v, false);
  arm.timedOut = true;
  EXPECT_NE(gateRow(0, 1, r, judge(r, GatePolicy(), {}), false).find("ok     HANG   "),
            std::string::npos);

  CommitResult back = commitResultFromJson(toJson(r));
  ASSERT_EQ(back.archTests.count("arm64"), 1u);
  EXPECT_EQ(back.archTests["arm64"].failedTests, arm.failedTests);
  EXPECT_TRUE(back.archTests["arm64"].timedOut);
  EXPECT_EQ(toJson(back), toJson(r));
}

// gate --arch: a site another architecture's configuration added is
// reported once, marked with the architecture, and counted once when the
// host's delta has it too (same fingerprint).
TEST(GateVerdict, AnotherArchitecturesNewFindingsCountOnce) {
  CommitResult r = result("f", "adds sites");
  Finding shared = finding("pgmap-type.compare", "mm/a.c", 3, "f", "pgmap->type == X");
  Finding armOnly = finding("devmap.pmd_devmap", "arch/arm64/mm/x.c", 9, "g", "pmd_devmap(p)", "devmap");
  shared.fingerprint = "fp-shared";
  armOnly.fingerprint = "fp-arm";
  r.findings.added = {shared};
  r.archFindings["arm64"].added = {shared, armOnly};
  r.archFindings["powerpc"].added = {armOnly};
  auto only = archOnlyAdded(r);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].first, "arm64");
  Verdict v = judge(r, GatePolicy(), {"pgmap-type", "devmap"});
  EXPECT_EQ(v.reasons, (std::vector<std::string>{
                           "1 new devmap finding (the series converts devmap)",
                           "1 new pgmap-type finding (the series converts pgmap-type)"}));
  std::string row = gateRow(0, 1, r, v, false);
  EXPECT_NE(row.find(">> [arm64] arch/arm64/mm/x.c:9:5: devmap.pmd_devmap"), std::string::npos) << row;
  EXPECT_EQ(row.find("[powerpc]"), std::string::npos) << row;
  EXPECT_EQ(row.find(">> [arm64] mm/a.c"), std::string::npos) << row;
  EXPECT_EQ(toJson(commitResultFromJson(toJson(r))), toJson(r));
}

TEST(GateVerdict, ConvertedCategoriesAreInferredOrNamed) {
  CommitResult one = result("a", "one"), two = result("b", "two");
  one.findings.removed = {finding("pgmap-type.compare", "mm/a.c", 1, "f", "a"),
                          finding("pgmap-type.compare", "mm/a.c", 2, "f", "b")};
  two.findings.added = {finding("pgmap-type.compare", "mm/a.c", 9, "g", "c"),
                        finding("devmap.pmd_devmap", "mm/a.c", 4, "f", "y", "devmap")};
  GatePolicy p;
  EXPECT_EQ(convertedCategories({one, two}, p), std::set<std::string>{"pgmap-type"});
  p.converts = {"devmap"};
  EXPECT_EQ(convertedCategories({one, two}, p), (std::set<std::string>{"devmap", "pgmap-type"}));
  p.inferConverted = false;
  EXPECT_EQ(convertedCategories({one, two}, p), std::set<std::string>{"devmap"});

  std::string file = test::gitScratchDir() + "/policy.json";
  writeFileAtomically(file, R"({"fail_on": ["build", "checkpatch"], "converts": ["devmap"]})");
  GatePolicy loaded = loadPolicy(file);
  EXPECT_EQ(loaded.failOn, (std::set<std::string>{"build", "checkpatch"}));
  EXPECT_EQ(loaded.converts, std::set<std::string>{"devmap"});
  writeFileAtomically(file, R"({"fail_on": ["bild"]})");
  EXPECT_THROW(loadPolicy(file), InputError);
}

GateReport sampleReport() {
  GateReport r;
  r.range = "v6.12..series";
  r.base = "0123456789abcdef0123456789abcdef01234567";
  r.baseSubject = "Linux 6.12";
  r.tree = "/src/linux";
  r.kernelVersion = "6.12.0";
  r.scanConfig = "zone-device";
  r.testConfig = "tinyconfig + refcount-qemu.config";
  r.compiler = "Debian clang version 14.0.6";
  r.reproduce = "kconv gate v6.12..series --tree /src/linux --no-boot";
  r.boot = false;
  r.seriesLength = 3;
  CommitResult one = result("aaaaaaaaaaaa1111", "mm: convert <one> & \"two\"");
  one.findings.removed = {finding("pgmap-type.compare", "mm/a.c", 1, "f", "a"),
                          finding("pgmap-type.compare", "mm/a.c", 2, "f", "b")};
  CommitResult two = result("bbbbbbbbbbbb2222", "mm: break it");
  two.build = {StepState::Failed, "mm/a.c:3:1: error: no member named 'flag'", "logs/02-b.log"};
  two.findings.added = {finding("pgmap-type.compare", "mm/a.c", 7, "g", "pgmap->type == X")};
  r.commits = {one, two};
  r.notRun = {{"cccccccccccc3333", "mm: not reached"}};
  r.interrupted = true;
  judgeSeries(r);
  return r;
}

TEST(GateReports, JsonIsDeterministicAndNamesTheFirstBadCommit) {
  GateReport r = sampleReport();
  nlohmann::json j = toJson(r);
  EXPECT_EQ(j.dump(), toJson(sampleReport()).dump());
  EXPECT_EQ(j["first_bad_commit"]["commit"], "bbbbbbbbbbbb2222");
  EXPECT_EQ(j["first_bad_commit"]["index"], 2);
  EXPECT_EQ(j["verdict"], "fail");
  EXPECT_EQ(j["converted_categories"], nlohmann::json::array({"pgmap-type"}));
  EXPECT_EQ(j["commits"][0]["verdict"], "pass");
  EXPECT_EQ(j["commits"][1]["reasons"].size(), 2u);
  EXPECT_EQ(j["interrupted"], true);
  EXPECT_EQ(j.dump().find("seconds"), std::string::npos) << "no timings in the data";
}

TEST(GateReports, VerdictOfTheSeries) {
  GateReport r = sampleReport();
  EXPECT_EQ(r.verdict(), "fail");
  r.commits.pop_back();  // the bad one not reached
  r.notRun.insert(r.notRun.begin(), {"bbbbbbbbbbbb2222", "mm: break it"});
  judgeSeries(r);
  EXPECT_EQ(r.verdict(), "interrupted");
  EXPECT_EQ(firstBadLine(r), "interrupted: no bad commit among those checked\n");
  EXPECT_NE(gateMarkdown(r).find("## kconv gate: v6.12..series: INTERRUPTED"), std::string::npos);
  r.interrupted = false;
  r.seriesLength = 1;
  r.notRun.clear();
  EXPECT_EQ(r.verdict(), "pass");
  EXPECT_TRUE(r.passed());
}

TEST(GateReports, MarkdownHasWhatAMailNeeds) {
  std::string md = gateMarkdown(sampleReport());
  for (const char *want :
       {"base: 0123456789ab (\"Linux 6.12\")", "compiler: Debian clang version 14.0.6",
        "config: tinyconfig + refcount-qemu.config", "kconv gate v6.12..series --tree /src/linux",
        "First bad commit: bbbbbbbbbbbb (\"mm: break it\")",
        ">> mm/a.c:7:5: pgmap-type.compare: msg [in g()]",
        "- build failed: mm/a.c:3:1: error: no member named 'flag'",
        "Build log: `logs/02-b.log`", "Interrupted after 2 of 3 commits."})
    EXPECT_NE(md.find(want), std::string::npos) << want << "\n" << md;
}

TEST(GateReports, JunitHasOneCasePerCommit) {
  std::string x = gateJunit(sampleReport());
  EXPECT_NE(x.find("<testsuite name=\"v6.12..series\" tests=\"3\" failures=\"1\" errors=\"0\" "
                   "skipped=\"1\">"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("name=\"1 aaaaaaaaaaaa mm: convert &lt;one&gt; &amp; &quot;two&quot;\""),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<failure message=\"build failed: mm/a.c:3:1: error: no member named "
                   "&apos;flag&apos;\">"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<skipped message=\"not run: the gate was interrupted\"/>"), std::string::npos);
  EXPECT_EQ(std::count(x.begin(), x.end(), '\n') > 5, true);
}

TEST(GateReports, TableRowsAndFirstBadLine) {
  std::string t = gateTable(sampleReport(), false);
  EXPECT_NE(t.find("1/3   aaaaaaaaaaaa  +0 -2 ~0     ok     -      0E/0W     PASS     mm: convert"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("2/3   bbbbbbbbbbbb  +1 -0 ~0     FAIL   -      0E/0W     FAIL     mm: break it"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\n>> mm/a.c:7:5: pgmap-type.compare: msg [in g()]\n"), std::string::npos);
  EXPECT_NE(t.find("first bad commit: bbbbbbbbbbbb (\"mm: break it\")"), std::string::npos);
}

}  // namespace
}  // namespace kconv

namespace kconv {
namespace {

// DISTCC_HOSTS and a distcc on PATH: misses go through distcc, make runs
// as many jobs as its hosts take; without DISTCC_HOSTS nothing changes.
TEST(GateSteps, KernelBuildsGoThroughDistccWhenItHasHosts) {
  std::string bin = ::testing::TempDir() + "/fake-distcc-bin";
  fs::create_directories(bin);
  {
    std::ofstream(bin + "/distcc") << "#!/bin/sh\n[ \"$1\" = -j ] && echo 12\n";
  }
  fs::permissions(bin + "/distcc", fs::perms::owner_all);
  std::string path = std::getenv("PATH");
  setenv("PATH", (bin + ":" + path).c_str(), 1);
  kconv::KernelTree tree;
  tree.root = "/t";
  unsetenv("DISTCC_HOSTS");
  auto plain = kconv::kernelMakeInvocation(tree, "/b", 2);
  setenv("DISTCC_HOSTS", "build1/6 build2/6", 1);
  auto distributed = kconv::kernelMakeInvocation(tree, "/b", 2);
  unsetenv("DISTCC_HOSTS");
  setenv("PATH", path.c_str(), 1);
  auto has = [](const std::vector<std::string> &v, const std::string &s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  EXPECT_TRUE(has(plain.argv, "-j2"));
  EXPECT_FALSE(has(plain.env, "CCACHE_PREFIX=distcc"));
  EXPECT_TRUE(has(distributed.argv, "-j12"));
  bool ccache = !kconv::findProgram("ccache").empty();
  EXPECT_TRUE(ccache ? has(distributed.env, "CCACHE_PREFIX=distcc")
                     : has(distributed.argv, "CC=distcc clang"));
  // Remote compiles of preprocessed code leave the preprocessor flags unused.
  EXPECT_TRUE(has(distributed.argv, "KCFLAGS=-Qunused-arguments"));
  EXPECT_FALSE(has(plain.argv, "KCFLAGS=-Qunused-arguments"));
}

TEST(GateSteps, FirstBuildErrorIsTreeRelative) {
  std::string log =
      "  CC      mm/memremap.o\n"
      "../../gate/19c3/checkout/mm/memremap.c:526:27: error: no member named 'flag'\n"
      "make[3]: *** [scripts/Makefile.build:229: mm/memremap.o] Error 1\n";
  EXPECT_EQ(firstBuildError(log, "/c/gate/19c3/checkout", "/c/test-build/ab-6.12"),
            "mm/memremap.c:526:27: error: no member named 'flag'");
  EXPECT_EQ(firstBuildError("/t/./mm/x.c:1:2: error: boom\n", "/t", "/b"), "mm/x.c:1:2: error: boom");
  EXPECT_EQ(firstBuildError("make: *** [Makefile:1] Error 2\n", "/t", "/b"),
            "make: *** [Makefile:1] Error 2");
  EXPECT_EQ(firstBuildError("all fine\n", "/t", "/b"), "");
}

}  // namespace
}  // namespace kconv
