// Version- and API-aware rule packs on trees shaped like releases after
// v6.12 (fixtures/api-trees): what the tree's headers declare, which rules
// apply, and the scans of both engines against the fixtures' inline
// expectations (devmap complete with its API absent, its successors
// reported, folio->pgmap and page_pgmap() type tests, the page_free and
// folio_free ops, the renamed mapping tag bits, page_mapping()).
#include <filesystem>

#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/rule_pack.h"
#include "core/rule_pack_api.h"
#include "kernel/compile_db.h"
#include "kernel/kernel_tree.h"
#include "kernel/process.h"
#include "scan/scan_service.h"
#include "scan/tree_api.h"
#include "support/expectations.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

fs::path fixture(const std::string &name) {
  return fs::path(KCONV_TEST_FIXTURES) / "api-trees" / name;
}

// A copy of the fixture tree with a compile database for its .c files, as
// `kconv scan --tree` reads one.
std::string scannableCopy(const std::string &name) {
  fs::path root = fs::path(test::scratchDir()) / ("api-" + name);
  fs::remove_all(root);
  fs::copy(fixture(name), root, fs::copy_options::recursive);
  std::vector<CompileCommand> db;
  for (const auto &e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".c") continue;
    db.push_back({root.string(),
                  {"clang", "-nostdinc", "-Iinclude", "-Iarch/x86/include", "-std=gnu11",
                   "-D__KERNEL__", "-Werror", "-c", e.path().string()},
                  e.path().string(),
                  ""});
  }
  std::sort(db.begin(), db.end(), [](const auto &a, const auto &b) { return a.file < b.file; });
  writeCompileDatabase((root / "compile_commands.json").string(), db);
  return fs::canonical(root).string();
}

RulePack shippedRules() { return loadRulePack(dataDir() + "/rules"); }

bool haveSpatch() { return !findProgram("spatch").empty(); }

struct TreeScan {
  std::vector<Finding> findings;
  Coverage coverage;
};

TreeScan scanFixture(const std::string &name, const std::string &engine) {
  std::string root = scannableCopy(name);
  KernelTree tree = detectKernelTree(root);
  std::vector<CompileCommand> commands = loadCompileDatabase(root + "/compile_commands.json");
  RulePack rules = shippedRules();
  ScanEngines options;
  options.engine = engine;
  options.jobs = 2;
  EngineRun run = runEngines(options, tree, rules, commands);
  finishFindings(run.findings, rules);
  return {std::move(run.findings), std::move(run.coverage)};
}

void expectFindingsAsWritten(const std::string &name, const TreeScan &scan) {
  EXPECT_EQ(scan.coverage.failed, 0u)
      << (scan.coverage.failedUnits.empty() ? "" : scan.coverage.failedUnits[0].reason);
  auto expected = test::readExpectations(fixture(name).string());
  ASSERT_GT(expected.size(), 10u);
  for (const std::string &problem : test::compareWithFindings(expected, scan.findings))
    ADD_FAILURE() << problem;
}

const Finding *findingAt(const std::vector<Finding> &findings, const std::string &file,
                         const std::string &rule) {
  for (const Finding &f : findings)
    if (f.location.file == file && f.rule == rule) return &f;
  return nullptr;
}

TEST(TreeApi, DeclarationsComeFromTheTreesHeaders) {
  std::set<std::string> probes = {"pte_devmap", "pmd_devmap", "folio::pgmap",
                                  "dev_pagemap_ops::folio_free", "dev_pagemap_ops::page_free",
                                  "FOLIO_MAPPING_ANON", "page_mapping", "page::pgmap"};
  TreeApiFacts absent = readTreeApi(fixture("devmap-absent").string(), probes);
  EXPECT_TRUE(absent.headersRead);
  EXPECT_EQ(absent.version, 619u);
  EXPECT_EQ(absent.declared, (std::map<std::string, std::string>{
                                 {"FOLIO_MAPPING_ANON", "include/linux/page-flags.h"},
                                 {"dev_pagemap_ops::folio_free", "include/linux/memremap.h"},
                                 {"folio::pgmap", "include/linux/mm_types.h"}}));
  TreeApiFacts folio = readTreeApi(fixture("folio-pgmap").string(), probes);
  EXPECT_EQ(folio.version, 615u);
  EXPECT_EQ(folio.declared, (std::map<std::string, std::string>{
                                {"dev_pagemap_ops::page_free", "include/linux/memremap.h"},
                                {"folio::pgmap", "include/linux/mm_types.h"},
                                {"page_mapping", "include/linux/pagemap.h"},
                                {"pmd_devmap", "include/linux/pgtable.h"}}));
}

// A tree with the API the ungated rules describe (v6.12's shape) gets the
// pack it always had: same files, same entries, no coverage.api.
TEST(RulePackApi, TreeOfTheUngatedRulesGetsThePackAsItWas) {
  RulePack rules = shippedRules();
  TreeApiFacts v612;
  v612.headersRead = true;
  v612.version = 612;
  v612.declared = {{"pte_devmap", "include/linux/pgtable.h"},
                   {"pmd_devmap", "include/linux/pgtable.h"},
                   {"dev_pagemap_ops::page_free", "include/linux/memremap.h"},
                   {"page_mapping", "include/linux/pagemap.h"}};
  RulePack pack = packForTree(rules, v612);
  EXPECT_TRUE(pack.api.empty()) << pack.api.dump();
  EXPECT_EQ(pack.categories(), (std::vector<std::string>{"devmap", "page-mapping", "pgmap-type"}));
  const RuleFile *pgmap = pack.forCategory("pgmap-type");
  ASSERT_TRUE(pgmap);
  EXPECT_EQ(pgmap->config["ops"]["members"].size(), 0u);
  EXPECT_EQ(pgmap->gatedOut, (std::set<std::string>{"folio_free", "folio_is_fsdax",
                                                     "folio_is_pci_p2pdma", "is_fsdax_page",
                                                     "page_free"}));
  for (const auto &p : pgmap->config["predicates"]) EXPECT_FALSE(p.contains("applies"));
  EXPECT_FALSE(pack.forCategory("page-mapping")->config.contains("names") &&
               !pack.forCategory("page-mapping")->config["names"].empty());
}

TEST(RulePackApi, HeadersDecideFirstAndTheVersionOnlyWhenTheyCannot) {
  RulePack rules = shippedRules();
  TreeApiFacts noHeaders;
  noHeaders.version = 617;
  RulePack byVersion = packForTree(rules, noHeaders);
  EXPECT_EQ(byVersion.api["categories"]["devmap"]["state"], "complete");
  EXPECT_EQ(byVersion.api["categories"]["devmap"]["decided_by"], "version");
  EXPECT_EQ(byVersion.api["categories"]["devmap-successor"]["state"], "active");

  // A 6.19 Makefile over headers that still declare devmap: the headers win.
  TreeApiFacts headers = noHeaders;
  headers.version = 619;
  headers.headersRead = true;
  headers.declared = {{"pmd_devmap", "include/linux/pgtable.h"}};
  RulePack byHeaders = packForTree(rules, headers);
  EXPECT_TRUE(byHeaders.forCategory("devmap"));
  EXPECT_FALSE(byHeaders.forCategory("devmap-successor"));
}

TEST(RulePackApi, ConditionsAreCheckedOnLoad) {
  auto load = [](const std::string &applies) {
    return parseRuleFile(R"({"category": "devmap", "checker": "devmap", "names": [
        {"name": "pte_devmap", "applies": )" + applies + "}]}",
                         "x.json");
  };
  EXPECT_NO_THROW(load(R"({"lacks": ["pte_devmap"], "since": "6.17"})"));
  try {
    load(R"({"since": "6"})");
    ADD_FAILURE() << "accepted a version without a minor";
  } catch (const InputError &e) {
    EXPECT_STREQ(e.what(), "rule file x.json: names[0].applies.since: expected a version MAJOR.MINOR");
  }
  EXPECT_THROW(load("{}"), InputError);
  EXPECT_THROW(load(R"({"declares": []})"), InputError);
  EXPECT_THROW(load(R"({"declare": ["x"]})"), InputError);  // a typo is an unknown key
  EXPECT_THROW(parseRuleFile(R"({"category": "devmap", "checker": "devmap", "names": [],
                                 "api": {"applies": {"before": "6.17"}, "absent": "gone"}})",
                             "y.json"),
               InputError);
}

TEST(ApiTrees, DevmapAbsentClang) {
  TreeScan scan = scanFixture("devmap-absent", "clang");
  expectFindingsAsWritten("devmap-absent", scan);
  const nlohmann::json &api = scan.coverage.extra.at("api");
  const nlohmann::json &devmap = api["categories"]["devmap"];
  EXPECT_EQ(devmap["state"], "complete");
  EXPECT_EQ(devmap["sites"], 0);
  EXPECT_EQ(devmap["api"], "absent");
  EXPECT_EQ(devmap["decided_by"], "declaration");
  EXPECT_EQ(api["categories"]["devmap-successor"]["state"], "active");
  EXPECT_EQ(api["categories"]["page-mapping"]["rules_not_in_tree"],
            nlohmann::json({"page-mapping.page_mapping"}));
  EXPECT_EQ(api["categories"]["pgmap-type"]["rules_not_in_tree"],
            nlohmann::json({"pgmap-type.folio_is_pci_p2pdma", "pgmap-type.page_free"}));
  for (const Finding &f : scan.findings) EXPECT_NE(f.category, "devmap") << f.rule;
}

TEST(ApiTrees, FolioPgmapClang) {
  TreeScan scan = scanFixture("folio-pgmap", "clang");
  expectFindingsAsWritten("folio-pgmap", scan);
  const nlohmann::json &categories = scan.coverage.extra.at("api")["categories"];
  EXPECT_EQ(categories["devmap"]["state"], "active");
  EXPECT_EQ(categories["devmap-successor"]["state"], "inactive");
  EXPECT_EQ(categories["pgmap-type"]["rules_by_tree_api"],
            nlohmann::json({"pgmap-type.folio_is_pci_p2pdma", "pgmap-type.page_free"}));
}

class ApiTreesBoth : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!haveSpatch()) GTEST_SKIP() << "spatch is not installed";
  }
};

// Both engines merged: the same sites, each verified by Clang.
TEST_F(ApiTreesBoth, DevmapAbsent) {
  TreeScan scan = scanFixture("devmap-absent", "both");
  expectFindingsAsWritten("devmap-absent", scan);
  for (const Finding &f : scan.findings) EXPECT_TRUE(f.verified) << f.rule << " " << f.location.file;
  EXPECT_FALSE(scan.coverage.extra["cocci"]["scripts"].contains("devmap"));
  EXPECT_EQ(scan.coverage.extra["lexical"]["unexplained_count"], 0);
}

TEST_F(ApiTreesBoth, FolioPgmap) {
  TreeScan scan = scanFixture("folio-pgmap", "both");
  expectFindingsAsWritten("folio-pgmap", scan);
  for (const Finding &f : scan.findings) EXPECT_TRUE(f.verified) << f.rule << " " << f.location.file;
  EXPECT_FALSE(scan.coverage.extra["cocci"]["scripts"].contains("devmap-successor"));
}

// Coccinelle alone (no build): the moved API's sites, each typed or named
// from the file and its headers.
TEST_F(ApiTreesBoth, CoccinelleAloneFindsTheMovedApi) {
  TreeScan scan = scanFixture("devmap-absent", "cocci");
  const std::vector<Finding> &f = scan.findings;
  const Finding *impl = findingAt(f, "lib/test_hmm.c", "pgmap-type.folio_free");
  ASSERT_TRUE(impl);
  EXPECT_EQ(impl->details["kind"], "implementation");
  EXPECT_EQ(impl->details["implementation"], "dmirror_devmem_free");
  EXPECT_TRUE(findingAt(f, "mm/memremap.c", "pgmap-type.folio_free"));
  EXPECT_TRUE(findingAt(f, "mm/memory-failure.c", "pgmap-type.compare"));  // folio->pgmap->type
  EXPECT_TRUE(findingAt(f, "include/linux/memremap.h", "pgmap-type.compare"));  // page_pgmap()
  EXPECT_TRUE(findingAt(f, "mm/rmap.c", "page-mapping.FOLIO_MAPPING_ANON"));
  const Finding *idiom = findingAt(f, "mm/huge_memory.c", "devmap-successor.pmd_special");
  ASSERT_TRUE(idiom);
  EXPECT_EQ(idiom->details["idiom"], "trans_huge_or_special");
  EXPECT_TRUE(findingAt(f, "drivers/vfio/pci/vfio_pci_core.c", "devmap-successor.vmf_insert_pfn_pmd"));
  for (const Finding &x : f) EXPECT_NE(x.category, "devmap") << x.rule;
}

// What a user sees: the summary names the complete category; JSON and
// Markdown carry it too.
TEST(ApiTreesScan, DevmapCompleteInTextJsonAndMarkdown) {
  std::string root = scannableCopy("devmap-absent");
  auto text = test::runKconv({"scan", "--tree", root, "--engine", "clang", "-q"});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find(", devmap: 0 (complete, API absent), devmap-successor: 4, "),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("kconv: devmap: complete: 0 sites, API absent (none of pte_devmap, "
                          "pmd_devmap, pud_devmap, pfn_t_devmap, _PAGE_DEVMAP is declared"),
            std::string::npos)
      << text.out;
  auto json = test::runKconv({"scan", "--tree", root, "--engine", "clang", "-q", "--format", "json"});
  ASSERT_EQ(json.exitCode, 0) << json.err;
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["coverage"]["api"]["categories"]["devmap"]["state"], "complete");
  EXPECT_EQ(j["coverage"]["api"]["version"], "6.19");
  auto md = test::runKconv({"scan", "--tree", root, "--engine", "clang", "-q", "--format", "md"});
  ASSERT_EQ(md.exitCode, 0) << md.err;
  EXPECT_NE(md.out.find("devmap: complete: 0 sites, API absent"), std::string::npos) << md.out;
}

}  // namespace
}  // namespace kconv
