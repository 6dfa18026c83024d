// The three checkers on the fixture tree, with the real rule pack: every
// finding must be one the fixture's EXPECT comments announce, and back.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/rule_schema.h"
#include "clang/checker.h"
#include "clang/clang_engine.h"
#include "core/classifier.h"
#include "core/rule_pack.h"
#include "report/formats.h"
#include "support/expectations.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

std::string fixtureRoot() {
  return fs::canonical(KCONV_TEST_FIXTURES "/checkers").string();
}

std::vector<CompileCommand> fixtureCommands(const std::string &root) {
  std::vector<CompileCommand> out;
  for (const auto &e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".c") continue;
    CompileCommand cc;
    cc.directory = root;
    cc.file = e.path().string();
    cc.arguments = {"clang", "-nostdinc", "-I", "include", "-std=gnu11",
                    "-D__KERNEL__", "-Werror", "-Wp,-MMD,deps.d", "-c",
                    "-o", "out.o", cc.file};
    out.push_back(cc);
  }
  std::sort(out.begin(), out.end(),
            [](const auto &a, const auto &b) { return a.file < b.file; });
  return out;
}

EngineResult scanFixtures(unsigned jobs, bool prefilter = true,
                          const std::string &cacheDir = "") {
  std::string root = fixtureRoot();
  RulePack rules = loadRulePack(dataDir() + "/rules");
  EngineOptions options;
  options.jobs = jobs;
  options.prefilter = prefilter;
  options.cacheDir = cacheDir;
  EngineResult r = runClangEngine(fixtureCommands(root), rules, root, options);
  classifyFindings(r.findings, rules);
  return r;
}

TEST(Checkers, FindingsMatchInlineExpectations) {
  EngineResult r = scanFixtures(2);
  EXPECT_EQ(r.coverage.failed, 0u) << (r.coverage.failedUnits.empty()
                                           ? ""
                                           : r.coverage.failedUnits[0].reason);
  auto expected = test::readExpectations(fixtureRoot());
  ASSERT_GT(expected.size(), 40u);
  for (const std::string &problem : test::compareWithFindings(expected, r.findings))
    ADD_FAILURE() << problem;
}

TEST(Checkers, HeaderSiteReportedOnceForTwoTranslationUnits) {
  EngineResult r = scanFixtures(2);
  int count = 0;
  for (const Finding &f : r.findings)
    if (f.location.file == "include/linux/shared_inline.h") ++count;
  EXPECT_EQ(count, 1);
  EXPECT_TRUE(r.filesSeen.count("include/linux/shared_inline.h"));
  EXPECT_TRUE(r.filesSeen.count("mm/two_tus_a.c"));
}

TEST(Checkers, FunctionIsTheEnclosingDefinition) {
  EngineResult r = scanFixtures(1);
  for (const Finding &f : r.findings) {
    if (f.location.file == "mm/pgmap_type.c" && f.rule == "pgmap-type.switch") {
      EXPECT_EQ(f.function, "classify_switch");
    }
    if (f.location.file == "mm/page_mapping.c" && f.location.line == 8) {
      EXPECT_EQ(f.function, "direct");
    }
  }
}

std::string findingsJson(EngineResult r) {
  ScanResult s;
  s.findings = std::move(r.findings);
  assignFingerprints(s.findings);
  return renderJson(s);
}

TEST(Checkers, OutputIsIdenticalWhateverTheThreadCount) {
  EXPECT_EQ(findingsJson(scanFixtures(1)), findingsJson(scanFixtures(2)));
}

TEST(Checkers, PrefilterChangesNothingButTheWork) {
  EngineResult all = scanFixtures(2, false);
  EngineResult filtered = scanFixtures(2, true);
  EXPECT_EQ(findingsJson(all), findingsJson(filtered));
  // two_tus_b.c only repeats the header two_tus_a.c already covers.
  EXPECT_EQ(filtered.coverage.extra["skipped_no_possible_match"], 1);
  EXPECT_EQ(all.coverage.extra["skipped_no_possible_match"], 0);
}

// A guarded header reads differently with -DMODULE: the pre-filter must
// parse it through an includer of each preprocessor context.
TEST(Checkers, PrefilterCoversEachPreprocessorContextOfAHeader) {
  std::string root = std::filesystem::canonical(KCONV_TEST_FIXTURES "/contexts").string();
  std::vector<CompileCommand> commands;
  for (const char *file : {"mm/a_builtin.c", "mm/b_module.c"}) {
    CompileCommand cc;
    cc.directory = root;
    cc.file = root + "/" + file;
    cc.arguments = {"clang", "-Iinclude", "-DKBUILD_MODNAME=\"x\"", "-c", cc.file};
    if (std::string(file) == "mm/b_module.c") cc.arguments.insert(cc.arguments.begin() + 1, "-DMODULE");
    commands.push_back(cc);
  }
  RulePack rules = loadRulePack(dataDir() + "/rules");
  EngineOptions options;
  EngineResult r = runClangEngine(commands, rules, root, options);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location.file, "include/linux/ctx.h");
  EXPECT_EQ(r.findings[0].location.line, 7u);
  EXPECT_EQ(r.coverage.parsed, 2u);
}

// The given TUs of fixtures/member-scope, with or without the pre-filter.
EngineResult scanMemberScope(const std::vector<std::string> &files, bool prefilter) {
  std::string root = std::filesystem::canonical(KCONV_TEST_FIXTURES "/member-scope").string();
  std::vector<CompileCommand> commands;
  for (const std::string &file : files) {
    CompileCommand cc;
    cc.directory = root;
    cc.file = root + "/" + file;
    cc.arguments = {"clang", "-Iinclude", "-c", cc.file};
    commands.push_back(cc);
  }
  EngineOptions options;
  options.prefilter = prefilter;
  return runClangEngine(commands, loadRulePack(dataDir() + "/rules"), root, options);
}

// `->type` is everywhere: a file counts for dev_pagemap::type only if it
// names the rule's prefilter_scope (pgmap, pagemap), itself or through a
// macro it uses, as defined in a file of its own TU; the skipped files are
// counted, and nothing is lost.
TEST(Checkers, PrefilterScopesCommonMemberNames) {
  const std::vector<std::string> files = {"mm/generic_macro.c", "mm/member_name.c",
                                          "mm/other_type.c", "mm/through_macro.c"};
  EngineResult filtered = scanMemberScope(files, true);
  EngineResult all = scanMemberScope(files, false);
  ASSERT_EQ(all.findings.size(), 2u);
  EXPECT_EQ(findingsJson(filtered), findingsJson(all));
  EXPECT_EQ(filtered.coverage.parsed, 2u);
  EXPECT_EQ(filtered.coverage.extra["skipped_no_possible_match"], 2);
  EXPECT_EQ(filtered.coverage.extra["prefilter"]["out_of_member_scope"], 2);
}

// Function bodies outside the trigger files are skipped, not a body made of
// an #include of one: the site it pulls in is still found.
TEST(Checkers, SkippedBodiesLoseNoSite) {
  const std::vector<std::string> files = {"mm/body_include.c", "mm/member_name.c",
                                          "mm/through_macro.c"};
  EngineResult scoped = scanMemberScope(files, true);
  EngineResult all = scanMemberScope(files, false);
  EXPECT_EQ(findingsJson(scoped), findingsJson(all));
  bool found = false;
  for (const Finding &f : scoped.findings)
    found = found || f.location.file == "mm/chunk_type_body.h";
  EXPECT_TRUE(found) << findingsJson(scoped);
}

TEST(Checkers, WarmCacheGivesTheSameFindingsWithoutParsing) {
  std::string dir = ::testing::TempDir() + "/tu-cache";
  std::filesystem::remove_all(dir);
  EngineResult cold = scanFixtures(2, true, dir);
  EngineResult warm = scanFixtures(2, true, dir);
  EXPECT_EQ(cold.fromCache, 0u);
  EXPECT_EQ(warm.fromCache, warm.coverage.parsed);
  EXPECT_EQ(findingsJson(cold), findingsJson(warm));
}

// Entries are keyed on tree-relative commands (TuCache): another copy of
// the tree (the gate's scratch checkout of the user's HEAD) is served from
// what the first filled; a header edited in the copy sends exactly its
// readers to be parsed again, and both copies keep their versions.
TEST(Checkers, CacheServesAnotherCopyOfTheTree) {
  std::string dir = (fs::path(::testing::TempDir()) / "tu-cache-copies").lexically_normal();
  std::string trees = (fs::path(::testing::TempDir()) / "tu-cache-trees").lexically_normal();
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(trees);
  std::string a = trees + "/user", b = trees + "/scratch/checkout";
  std::filesystem::create_directories(b);
  std::filesystem::copy(fixtureRoot(), a, std::filesystem::copy_options::recursive);
  std::filesystem::copy(fixtureRoot(), b, std::filesystem::copy_options::recursive);
  RulePack rules = loadRulePack(dataDir() + "/rules");
  EngineOptions options;
  options.jobs = 2;
  options.cacheDir = dir;
  auto scan = [&](const std::string &root) {
    EngineResult r = runClangEngine(fixtureCommands(root), rules, root, options);
    classifyFindings(r.findings, rules);
    return r;
  };
  EngineResult user = scan(a), copy = scan(b);
  EXPECT_EQ(user.fromCache, 0u);
  ASSERT_GT(copy.coverage.parsed, 2u);
  EXPECT_EQ(copy.fromCache, copy.coverage.parsed);
  EXPECT_EQ(findingsJson(user), findingsJson(copy));

  {
    std::ofstream edit(b + "/include/linux/shared_inline.h", std::ios::app);
    edit << "\n/* edited in the copy */\n";
  }
  EngineResult edited = scan(b);
  EXPECT_LT(edited.fromCache, edited.coverage.parsed) << "a reader of the header";
  EXPECT_GE(edited.fromCache + 2, edited.coverage.parsed) << "no more than its two readers";
  EXPECT_EQ(findingsJson(edited), findingsJson(user));
  EngineResult again = scan(a);
  EXPECT_EQ(again.fromCache, again.coverage.parsed) << "the user's version was kept";
  EngineResult editedAgain = scan(b);
  EXPECT_EQ(editedAgain.fromCache, editedAgain.coverage.parsed);
  std::filesystem::remove_all(trees);
}

// The gate's header part (EngineOptions::preferCached): with only a header
// reported, one reader per context is parsed for it; a reader whose result
// is cached is taken before the first in order, so the parent's side of a
// header commit is served by what the user's scan parsed.
TEST(Checkers, AHeaderIsCoveredByACachedReaderWhenAsked) {
  std::string dir = (fs::path(::testing::TempDir()) / "tu-cache-prefer").lexically_normal();
  std::filesystem::remove_all(dir);
  std::string root = fixtureRoot();
  RulePack rules = loadRulePack(dataDir() + "/rules");
  std::vector<CompileCommand> readers;
  for (const CompileCommand &c : fixtureCommands(root))
    if (c.file.find("/two_tus_") != std::string::npos) readers.push_back(c);
  ASSERT_EQ(readers.size(), 2u);
  EngineOptions options;
  options.cacheDir = dir;
  runClangEngine({readers[1]}, rules, root, options);  // b alone: cached
  options.paths = {"include/linux/shared_inline.h"};
  EngineResult first = runClangEngine(readers, rules, root, options);
  options.preferCached = true;
  EngineResult cached = runClangEngine(readers, rules, root, options);
  EXPECT_EQ(first.coverage.parsed, 1u);
  EXPECT_EQ(first.fromCache, 0u) << "a, the first reader, parsed";
  EXPECT_EQ(cached.coverage.parsed, 1u);
  EXPECT_EQ(cached.fromCache, 1u) << "b, cached, covers the header";
  EXPECT_EQ(findingsJson(first), findingsJson(cached));
  ASSERT_EQ(cached.findings.size(), 1u);
  EXPECT_EQ(cached.findings[0].location.file, "include/linux/shared_inline.h");
}

// A TU that fails is failed again from a warm cache: the report does not
// depend on the cache's state (a -include of a missing file is an
// #include that found nothing: the failure is kept, and served).
TEST(Checkers, FailedTranslationUnitFailsTheSameFromTheCache) {
  std::string dir = ::testing::TempDir() + "/tu-cache-failed";
  std::filesystem::remove_all(dir);
  std::string root = fixtureRoot();
  auto commands = fixtureCommands(root);
  CompileCommand broken = commands.front();
  broken.arguments.insert(broken.arguments.begin() + 1, "-include");
  broken.arguments.insert(broken.arguments.begin() + 2, "no/such/generated.h");
  commands.front() = broken;
  RulePack rules = loadRulePack(dataDir() + "/rules");
  EngineOptions options;
  options.cacheDir = dir;
  EngineResult cold = runClangEngine(commands, rules, root, options);
  EngineResult warm = runClangEngine(commands, rules, root, options);
  EXPECT_EQ(cold.coverage.failed, 1u);
  EXPECT_EQ(warm.coverage.failed, 1u);
  EXPECT_EQ(warm.fromCache, warm.coverage.parsed + warm.coverage.failed);
  EXPECT_EQ(cold.coverage.extra.dump(), warm.coverage.extra.dump());
  EXPECT_EQ(findingsJson(cold), findingsJson(warm));
}

// A TU that fails on a header the build generates (flask.h, *.asn1.h when
// the build directory was only prepared), with its dependency scan: kept
// while the header does not exist, so warm scans and gates do not parse it
// again, and reported exactly as a cold scan reports it; parsed again once
// the header is there.
TEST(Checkers, AFailureOnAMissingHeaderIsKeptUntilTheHeaderExists) {
  std::string dir = (fs::path(::testing::TempDir()) / "tu-cache-missing").lexically_normal();
  std::string root = (fs::path(::testing::TempDir()) / "tu-cache-missing-tree").lexically_normal();
  fs::remove_all(dir);
  fs::remove_all(root);
  fs::copy(fixtureRoot(), root, fs::copy_options::recursive);
  {
    std::ofstream c(root + "/mm/needs_generated.c");
    c << "#include <linux/mm_types.h>\n#include <generated/kconv_flags.h>\n"
         "int kconv_flags(struct page *p) { return p->mapping != 0 && KCONV_FLAGS; }\n";
  }
  RulePack rules = loadRulePack(dataDir() + "/rules");
  EngineOptions options;
  options.cacheDir = dir;
  auto scan = [&] { return runClangEngine(fixtureCommands(root), rules, root, options); };
  EngineResult cold = scan(), warm = scan();
  ASSERT_EQ(cold.coverage.failed, 1u);
  EXPECT_EQ(cold.coverage.failedUnits[0].file, "mm/needs_generated.c");
  EXPECT_EQ(cold.coverage.extra["prefilter"]["dependency_scan_failed"], 1);
  EXPECT_EQ(warm.fromCache, warm.coverage.parsed + warm.coverage.failed);  // nothing parsed
  EXPECT_EQ(cold.coverage.extra.dump(), warm.coverage.extra.dump());
  ASSERT_EQ(warm.coverage.failedUnits.size(), 1u);
  EXPECT_EQ(cold.coverage.failedUnits[0].reason, warm.coverage.failedUnits[0].reason);
  EXPECT_EQ(findingsJson(cold), findingsJson(warm));

  fs::create_directories(root + "/include/generated");
  std::ofstream(root + "/include/generated/kconv_flags.h") << "#define KCONV_FLAGS 1\n";
  EngineResult built = scan();
  EXPECT_EQ(built.coverage.failed, 0u);
  EXPECT_EQ(built.fromCache + 1, built.coverage.parsed);  // only the TU that failed
  fs::remove_all(dir);
  fs::remove_all(root);
}

TEST(Checkers, BrokenTranslationUnitIsCountedAndNamedAndScanGoesOn) {
  std::string root = fixtureRoot();
  auto commands = fixtureCommands(root);
  CompileCommand broken = commands.front();
  broken.file = root + "/mm/does_not_exist.c";
  broken.arguments.back() = broken.file;
  commands.push_back(broken);
  EngineResult r = runClangEngine(commands, loadRulePack(dataDir() + "/rules"),
                                  root, EngineOptions{});
  EXPECT_EQ(r.coverage.failed, 1u);
  ASSERT_EQ(r.coverage.failedUnits.size(), 1u);
  EXPECT_EQ(r.coverage.failedUnits[0].file, "mm/does_not_exist.c");
  EXPECT_FALSE(r.coverage.failedUnits[0].reason.empty());
  unsigned skipped = r.coverage.extra["skipped_no_possible_match"];
  EXPECT_EQ(r.coverage.parsed + r.coverage.failed + skipped, commands.size());
  EXPECT_EQ(r.coverage.translationUnits, commands.size());
  EXPECT_EQ(r.coverage.extra["prefilter"]["dependency_scan_failed"], 1);
  EXPECT_GT(r.findings.size(), 40u);
}

}  // namespace
}  // namespace kconv

// Every checker kind a rule file may name has a Clang implementation, and
// every implementation a schema (core/rule_schema.h): no rule is dropped.
TEST(Checkers, EveryCheckerHasASchemaAndEverySchemaAChecker) {
  std::vector<std::string> implemented;
  for (const auto &[name, factory] : kconv::checkerFactories()) implemented.push_back(name);
  EXPECT_EQ(implemented, kconv::schemaCheckers());
}
