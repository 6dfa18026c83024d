#include <gtest/gtest.h>

#include <set>

#include "core/classifier.h"
#include "core/errors.h"
#include "core/finding.h"
#include "core/rule_pack.h"
#include "core/scan_result.h"

namespace kconv {
namespace {

Finding finding(const std::string &file, unsigned line, const std::string &code,
                const std::string &function = "f") {
  Finding f;
  f.rule = "devmap.pmd_devmap";
  f.category = "devmap";
  f.location = {file, line, 5};
  f.function = function;
  f.code = normaliseCode(code);
  return f;
}

TEST(Fingerprint, SurvivesLineShiftsAndReindentation) {
  std::vector<Finding> a = {finding("mm/gup.c", 100, "\tif (pmd_devmap(pmd))")};
  std::vector<Finding> b = {finding("mm/gup.c", 142, "    if (pmd_devmap(pmd))  ")};
  assignFingerprints(a);
  assignFingerprints(b);
  EXPECT_EQ(a[0].fingerprint, b[0].fingerprint);
}

TEST(Fingerprint, ChangesWithCodeFunctionOrFile) {
  std::vector<Finding> v = {finding("mm/gup.c", 1, "if (pmd_devmap(pmd))"),
                            finding("mm/gup.c", 2, "if (pmd_devmap(*pmd))"),
                            finding("mm/gup.c", 3, "if (pmd_devmap(pmd))", "g"),
                            finding("mm/memory.c", 4, "if (pmd_devmap(pmd))")};
  assignFingerprints(v);
  std::set<std::string> distinct;
  for (const Finding &f : v) distinct.insert(f.fingerprint);
  EXPECT_EQ(distinct.size(), 4u);
}

TEST(Fingerprint, IdenticalLinesInOneFunctionStayDistinct) {
  std::vector<Finding> v = {finding("mm/gup.c", 10, "pmd_devmap(pmd)"),
                            finding("mm/gup.c", 20, "pmd_devmap(pmd)")};
  assignFingerprints(v);
  EXPECT_NE(v[0].fingerprint, v[1].fingerprint);
}

TEST(ScanResultJson, RoundTripsTheContract) {
  ScanResult r;
  r.tree = {"/t", "6.12.1", "x86_64", "zone-device"};
  r.findings = {finding("mm/gup.c", 7, "x")};
  r.findings[0].details = {{"kind", "use"}};
  r.coverage.translationUnits = 3;
  r.coverage.parsed = 2;
  r.coverage.failed = 1;
  r.coverage.failedUnits = {{"mm/x.c", "x.c:1: error"}};
  r.coverage.extra["dropped_config_options"] = nlohmann::json::array();
  assignFingerprints(r.findings);
  nlohmann::json j = toJson(r);
  EXPECT_EQ(j["tool"], "kconv");
  EXPECT_EQ(j["findings"][0]["line"], 7);
  EXPECT_EQ(j["findings"][0]["verified"], true);
  EXPECT_EQ(j["coverage"]["translation_units"], 3);
  EXPECT_EQ(toJson(scanResultFromJson(j)).dump(), j.dump());
}

TEST(Classifier, FirstMatchingEntryWinsAndDefaultFillsTheRest) {
  RulePack pack;
  RuleFile rf;
  rf.category = "pgmap-type";
  rf.checker = "pgmap-type";
  rf.config = nlohmann::json::parse(R"({
    "classify": [
      {"when": {"code": "FOLL_LONGTERM"}, "set": {"behaviour": "no-longterm-pin"}},
      {"when": {"types": ["MEMORY_DEVICE_PRIVATE"]}, "set": {"behaviour": "swap-entry"}}
    ],
    "default": {"behaviour": "unclassified"}})");
  pack.files.push_back(rf);
  std::vector<Finding> v(3);
  for (Finding &f : v) f.category = "pgmap-type";
  v[0].code = "if ((flags & FOLL_LONGTERM) && is_device_private_page(p))";
  v[0].details = {{"types", {"MEMORY_DEVICE_PRIVATE"}}};
  v[1].details = {{"types", {"MEMORY_DEVICE_COHERENT", "MEMORY_DEVICE_PRIVATE"}}};
  v[2].details = {{"types", {"MEMORY_DEVICE_FS_DAX"}}};
  classifyFindings(v, pack);
  EXPECT_EQ(v[0].details["behaviour"], "no-longterm-pin");
  EXPECT_EQ(v[1].details["behaviour"], "swap-entry");
  EXPECT_EQ(v[2].details["behaviour"], "unclassified");
}

// kconv gate on the devmap series: the helpers' own devmap tests are the
// one place the idiom lives, not new work (found on v6.12).
TEST(Classifier, DevmapHelpersAreKept) {
  RulePack pack = loadRulePack(dataDir() + "/rules");
  std::vector<Finding> v(2);
  for (Finding &f : v) f.category = "devmap";
  v[0].function = "pmd_trans_huge_or_devmap";
  v[1].function = "zap_huge_pmd";
  classifyFindings(v, pack);
  EXPECT_EQ(v[0].details.value("behaviour", ""), "keep");
  EXPECT_EQ(v[1].details.value("behaviour", ""), "");
}

TEST(RulePack, TheShippedPackLoads) {
  RulePack pack = loadRulePack(dataDir() + "/rules");
  EXPECT_NE(pack.forCategory("devmap"), nullptr);
  EXPECT_NE(pack.forCategory("pgmap-type"), nullptr);
  EXPECT_NE(pack.forCategory("page-mapping"), nullptr);
  EXPECT_FALSE(pack.kconfigFragment.empty());
}

TEST(RulePack, MissingDirectoryIsAnInputError) {
  EXPECT_THROW(loadRulePack("/nonexistent/rules"), InputError);
}

}  // namespace
}  // namespace kconv
