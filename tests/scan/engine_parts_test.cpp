// What a shard of a Coccinelle scan hands to kconv merge, and how the
// parts of several shards become one run's (scan/engine_parts.h).
#include <gtest/gtest.h>

#include "core/errors.h"
#include "scan/engine_parts.h"

using namespace kconv;

namespace {

Finding site(const std::string &file, unsigned line, const std::string &rule,
             nlohmann::json details = nlohmann::json::object()) {
  Finding f;
  f.location = {file, line, 5};
  f.rule = rule;
  f.category = rule.substr(0, rule.find('.'));
  f.engine = "clang";
  f.verified = true;
  f.details = std::move(details);
  return f;
}

EngineParts shardParts(const std::string &tu, const std::string &cocciFile) {
  EngineParts p;
  MergeInput &m = p.merge;
  m.srcArch = "x86";
  m.otherSrcArches = {"arm64"};
  m.clang.ran = true;
  m.clang.findings = {site("include/linux/mm.h", 10, "devmap.pte_devmap",
                           {{"arches", tu == "mm/gup.c" ? nlohmann::json{"arm64"}
                                                        : nlohmann::json{"x86_64"}}})};
  m.clang.filesSeen = {tu, "include/linux/mm.h"};
  m.clang.activeLines["include/linux/mm.h"] = {10};
  m.clang.failedFiles = {tu == "mm/gup.c" ? "fs/dax.c" : "mm/gup.c"};
  Finding c = site(cocciFile, 3, "devmap.pte_devmap");
  c.engine = "cocci";
  c.verified = false;
  m.cocci.findings = {c};
  m.cocci.notes = {{{cocciFile, 4, 1}, "page-mapping", "untyped", "base has no known type"}};
  m.occurrences = {{{"mm/gup.c", 3, 5}, "devmap", "pte_devmap", false, "code", ""}};
  p.cocciCoverage = {{"spatch", "/usr/bin/spatch"},
                     {"scripts", {{"devmap", {{"files", 1}, {"sites", 1}, {"notes", 1},
                                              {"untyped_files_after_each_pass",
                                               cocciFile == "mm/gup.c" ? nlohmann::json{1, 0}
                                                                       : nlohmann::json{2, 1, 0}}}}}},
                     {"problems", {{"timeout", nlohmann::json::array()},
                                   {"crash", nlohmann::json::array()},
                                   {"error", {{{"file", cocciFile}, {"script", "devmap.cocci"},
                                               {"detail", "x"}}}},
                                   {"malformed", nlohmann::json::array()}}},
                     {"records_outside_tree", 1}};
  p.lexicalStats = {{"files_total", 7}, {"files_read", 3}, {"finder", "scan"}};
  return p;
}

RulePack classifyingPack() {
  RulePack rules;
  RuleFile rf;
  rf.path = "rules/devmap.json";
  rf.category = "devmap";
  rf.config = {{"classify", {{{"when", {{"rule", "pte_devmap"}}}, {"set", {{"kind", "test"}}}}}},
               {"default", {{"kind", "other"}}}};
  rules.files.push_back(rf);
  return rules;
}

}  // namespace

TEST(EngineParts, RoundTripThroughJson) {
  EngineParts p = shardParts("mm/gup.c", "mm/gup.c");
  nlohmann::json j = toJson(p, classifyingPack());
  RulePack classify;
  EngineParts back = enginePartsFromJson(JsonReader(j, "s.json"), classify);
  EXPECT_EQ(toJson(back, classify), j);
  ASSERT_EQ(classify.files.size(), 1u);
  EXPECT_EQ(classify.files[0].config["default"]["kind"], "other");
}

TEST(EngineParts, SharedSitesUniteAndCountsAddUp) {
  EngineParts whole = uniteEngineParts({shardParts("mm/gup.c", "mm/gup.c"),
                                        shardParts("fs/dax.c", "fs/dax.c")},
                                       {"x86_64", "arm64"});
  const MergeInput &m = whole.merge;
  // The header site both shards' TUs saw: one finding, both architectures
  // in the scan's order.
  ASSERT_EQ(m.clang.findings.size(), 1u);
  EXPECT_EQ(m.clang.findings[0].details["arches"], (nlohmann::json{"x86_64", "arm64"}));
  // A TU failed in each shard, but the other shard read its file: with
  // several architectures that is no reason to doubt the file.
  EXPECT_TRUE(m.clang.failedFiles.empty());
  EXPECT_EQ(m.cocci.findings.size(), 2u);
  EXPECT_EQ(m.cocci.notes.size(), 2u);
  EXPECT_EQ(m.occurrences.size(), 1u);  // global: taken once
  const nlohmann::json &s = whole.cocciCoverage["scripts"]["devmap"];
  EXPECT_EQ(s["files"], 2);
  EXPECT_EQ(s["untyped_files_after_each_pass"], (nlohmann::json{3, 1, 0}));
  EXPECT_EQ(whole.cocciCoverage["records_outside_tree"], 2);
  ASSERT_EQ(whole.cocciCoverage["problems"]["error"].size(), 2u);
  EXPECT_EQ(whole.cocciCoverage["problems"]["error"][0]["file"], "fs/dax.c");
}

TEST(EngineParts, WrongTypesNameTheirKey) {
  nlohmann::json j = toJson(shardParts("mm/gup.c", "mm/gup.c"), classifyingPack());
  RulePack classify;
  for (auto [key, bad] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"clang_files_seen", "x"},
           {"clang_active_lines", {{"a.c", {-1}}}},
           {"cocci_notes", {1}},
           {"lexical_occurrences", {{{"file", 3}}}},
           {"classify", {{{"path", "p"}, {"category", "c"}, {"classify", 1}, {"default", {}}}}},
           {"unbuilt_arches", {{"loongarch", 7}}}}) {
    nlohmann::json broken = j;
    broken[key] = bad;
    try {
      enginePartsFromJson(JsonReader(broken, "s.json"), classify);
      ADD_FAILURE() << key << " accepted";
    } catch (const InputError &e) {
      EXPECT_NE(std::string(e.what()).find("s.json"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
  // Counts of the wrong type in another shard's Coccinelle coverage.
  EngineParts a = shardParts("mm/gup.c", "mm/gup.c"), b = shardParts("fs/dax.c", "fs/dax.c");
  b.cocciCoverage["scripts"]["devmap"]["files"] = "many";
  EXPECT_THROW(uniteEngineParts({a, b}, {}), InputError);
}
