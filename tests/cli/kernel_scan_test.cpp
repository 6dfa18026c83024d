// kconv scan on the real linux-source-6.12 tree, mm/ (label: kernel).
//
// Checked against facts established without kconv:
// - a lexical scan written here: every occurrence of a rule-pack name in
//   the code (comments and strings blanked) of mm/**/*.[ch] must be reported
//   on its line. With the scan configuration, every such file is compiled
//   and no occurrence sits in a disabled #if branch (verified by reading
//   each grep hit of `grep -rnw` for the names once: 156 hits in v6.12.117);
// - sites read in the source by hand, named by function so that Debian's
//   6.12 point releases do not break the test with line shifts.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "kernel/default_tree.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

struct MmScan {
  std::string tree;
  nlohmann::json result;
};

const MmScan &mmScan() {
  static MmScan scan = [] {
    MmScan s;
    s.tree = ensureDefaultTree();
    std::string out = test::scratchDir() + "/mm612.json";
    auto run = test::runKconv({"scan", "--tree", s.tree, "--paths", "mm", "--format", "json", "-o", out});
    EXPECT_EQ(run.exitCode, 0) << run.err;
    s.result = nlohmann::json::parse(readFile(out));
    return s;
  }();
  return scan;
}

std::vector<std::string> ruleNames() {
  std::vector<std::string> names;
  auto devmap = nlohmann::json::parse(readFile(KCONV_DATA_DIR "/rules/devmap.json"));
  for (const auto &n : devmap["names"]) names.push_back(n["name"]);
  auto pgmap = nlohmann::json::parse(readFile(KCONV_DATA_DIR "/rules/pgmap-type.json"));
  for (const auto &p : pgmap["predicates"]) names.push_back(p["name"]);
  return names;
}

// Blanks comments and string literals, keeping every newline.
std::string codeOnly(const std::string &src) {
  std::string out = src;
  enum { Code, Line, Block, Str, Chr } state = Code;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = src[i], next = i + 1 < src.size() ? src[i + 1] : '\0';
    switch (state) {
      case Code:
        if (c == '/' && next == '/') state = Line, out[i] = ' ';
        else if (c == '/' && next == '*') state = Block, out[i] = ' ', out[++i] = ' ';
        else if (c == '"') state = Str;
        else if (c == '\'') state = Chr;
        break;
      case Line:
        if (c == '\n') state = Code; else out[i] = ' ';
        break;
      case Block:
        if (c == '*' && next == '/') state = Code, out[i] = out[i + 1] = ' ', ++i;
        else if (c != '\n') out[i] = ' ';
        break;
      case Str:
      case Chr:
        if (c == '\\') out[i] = ' ', out[++i] = ' ';
        else if (c == (state == Str ? '"' : '\'')) state = Code;
        else if (c != '\n') out[i] = ' ';
        break;
    }
  }
  return out;
}

TEST(KernelScan, EveryTranslationUnitOfMmParses) {
  const auto &cov = mmScan().result["coverage"];
  EXPECT_GT(cov["translation_units"].get<int>(), 80);
  EXPECT_EQ(cov["failed"], 0) << cov["failed_units"].dump();
  EXPECT_EQ(cov["dropped_config_options"].size(), 0u) << cov["dropped_config_options"].dump();
}

TEST(KernelScan, EveryLexicalOccurrenceInMmIsReported) {
  std::set<std::pair<std::string, unsigned>> reported;
  std::map<std::pair<std::string, unsigned>, std::set<std::string>> rulesAt;
  for (const auto &f : mmScan().result["findings"]) {
    std::string rule = f["rule"];
    rulesAt[{f["file"], f["line"]}].insert(rule.substr(rule.find('.') + 1));
  }
  std::string names;
  for (const auto &n : ruleNames()) names += (names.empty() ? "" : "|") + n;
  std::regex word("\\b(" + names + ")\\b");
  unsigned occurrences = 0;
  for (const auto &e : fs::recursive_directory_iterator(mmScan().tree + "/mm")) {
    auto ext = e.path().extension();
    if (ext != ".c" && ext != ".h") continue;
    std::string rel = fs::relative(e.path(), mmScan().tree).string();
    std::istringstream code(codeOnly(readFile(e.path().string())));
    std::string line;
    for (unsigned n = 1; std::getline(code, line); ++n)
      for (std::sregex_iterator m(line.begin(), line.end(), word), end; m != end; ++m) {
        ++occurrences;
        EXPECT_TRUE((rulesAt[{rel, n}].count((*m)[1])))
            << rel << ":" << n << ": " << (*m)[1] << " not reported";
      }
  }
  EXPECT_GT(occurrences, 140u);
}

const nlohmann::json *findSite(const std::string &file, const std::string &function,
                               const std::string &rule,
                               const std::function<bool(const nlohmann::json &)> &extra = {}) {
  for (const auto &f : mmScan().result["findings"])
    if (f["file"] == file && f["function"] == function && f["rule"] == rule &&
        (!extra || extra(f)))
      return &f;
  return nullptr;
}

TEST(KernelScan, SitesReadInTheSource) {
  // memremap_pages(): `switch (pgmap->type)` with all five memory types.
  const auto *sw = findSite("mm/memremap.c", "memremap_pages", "pgmap-type.switch");
  ASSERT_NE(sw, nullptr);
  EXPECT_EQ((*sw)["details"]["types"].size(), 5u);
  EXPECT_EQ((*sw)["details"]["behaviour"], "keep");
  // follow_pmd_mask(): split_huge_pmd() hides `pmd_trans_huge(x) || pmd_devmap(x)`.
  EXPECT_NE(findSite("mm/gup.c", "follow_pmd_mask", "devmap.pmd_devmap", [](const auto &f) {
              return f["details"].value("macro", "") == "split_huge_pmd" &&
                     f["details"].value("idiom", "") == "trans_huge_or_devmap";
            }),
            nullptr);
  // __split_huge_page_tail(): `page_tail->mapping = head->mapping;` is a
  // write through page_tail and a read through head, on one line.
  const auto *w = findSite("mm/huge_memory.c", "__split_huge_page_tail", "page-mapping.write");
  const auto *r = findSite("mm/huge_memory.c", "__split_huge_page_tail", "page-mapping.read");
  ASSERT_TRUE(w && r);
  EXPECT_EQ((*w)["line"], (*r)["line"]);
  EXPECT_LT((*w)["column"], (*r)["column"]);
  // __SetPageMovable(): page->mapping = movable ops.
  EXPECT_NE(findSite("mm/compaction.c", "__SetPageMovable", "page-mapping.write"), nullptr);
  // gup_fast_pte_range(): pte_devmap() and pte_special() tests.
  EXPECT_NE(findSite("mm/gup.c", "gup_fast_pte_range", "devmap.pte_devmap"), nullptr);
  EXPECT_NE(findSite("mm/gup.c", "gup_fast_pte_range", "devmap.pte_special"), nullptr);
}

// The pre-filter and the cache may only save work: parsing every TU of mm/
// afresh must give the same findings, byte for byte.
TEST(KernelScan, PrefilterAndCacheChangeNoFinding) {
  std::string out = test::scratchDir() + "/mm612-all.json";
  auto run = test::runKconv({"scan", "--tree", mmScan().tree, "--paths", "mm", "--no-prefilter",
                             "--no-cache", "--format", "json", "-o", out});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  auto all = nlohmann::json::parse(readFile(out));
  EXPECT_EQ(all["findings"], mmScan().result["findings"]);
  EXPECT_EQ(all["coverage"]["skipped_no_possible_match"], 0);
  EXPECT_GT(mmScan().result["coverage"]["skipped_no_possible_match"].get<int>(), 20);
}

// Four shard jobs as four CI jobs would run them (each its own process, no
// per-TU cache shared: --no-cache; the prepared configuration is shared
// here, a CI job would prepare its own), merged with kconv merge: byte for
// byte the unsharded scan of the same TUs.
TEST(KernelScan, FourShardJobsMergeToTheUnshardedScan) {
  std::string dir = test::scratchDir();
  std::vector<std::string> common = {"scan", "--tree", ensureDefaultTree(), "--paths", "mm",
                                     "--engine", "clang", "--no-cache", "--format", "json"};
  auto scan = [&](std::vector<std::string> extra, const std::string &out) {
    std::vector<std::string> args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"-o", out});
    auto run = test::runKconv(args);
    EXPECT_EQ(run.exitCode, 0) << run.err;
  };
  scan({}, dir + "/whole.json");
  auto whole = nlohmann::json::parse(readFile(dir + "/whole.json"));
  ASSERT_GT(whole["findings"].size(), 20u);
  std::vector<std::string> merge = {"merge"};
  for (int k = 1; k <= 4; ++k) {
    std::string out = dir + "/shard" + std::to_string(k) + ".json";
    scan({"--shard", std::to_string(k) + "/4"}, out);
    merge.push_back(out);
    auto part = nlohmann::json::parse(readFile(out));
    EXPECT_LT(part["findings"].size(), whole["findings"].size()) << "shard " << k;
  }
  merge.insert(merge.end(), {"-o", dir + "/merged.json"});
  auto merged = test::runKconv(merge);
  ASSERT_EQ(merged.exitCode, 0) << merged.err;
  EXPECT_EQ(readFile(dir + "/merged.json"), readFile(dir + "/whole.json"));
}

// The same with both engines (Clang's TUs and Coccinelle's chunks split four
// ways; kconv merge redoes the engine merge over the shards' parts), on the
// mm files that hold every category's sites, typed and untyped, to keep the
// five scans within minutes; two files per chunk so that every shard has
// Coccinelle work.
TEST(KernelScan, FourShardJobsOfBothEnginesMergeToTheUnshardedScan) {
  std::string dir = test::scratchDir();
  std::vector<std::string> common = {"scan", "--tree", ensureDefaultTree(), "--paths",
                                     "mm/gup.c", "mm/huge_memory.c", "mm/memory.c",
                                     "mm/memremap.c", "mm/migrate_device.c", "mm/filemap.c",
                                     "mm/hmm.c", "--engine", "both", "--no-cache",
                                     "--cocci-chunk", "2",
                                     "--format", "json"};
  auto scan = [&](std::vector<std::string> extra, const std::string &out) {
    std::vector<std::string> args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"-o", out});
    auto run = test::runKconv(args);
    EXPECT_EQ(run.exitCode, 0) << run.err;
  };
  scan({"--profile", dir + "/profile.json"}, dir + "/whole.json");
  auto whole = nlohmann::json::parse(readFile(dir + "/whole.json"));
  ASSERT_GT(whole["findings"].size(), 20u);
  EXPECT_GE(whole["coverage"]["cocci"]["scripts"]["devmap"]["files"].get<int>(), 4);
  auto profile = nlohmann::json::parse(readFile(dir + "/profile.json"));
  EXPECT_GT(profile["cocci"]["processes"].get<int>(), 0);
  EXPECT_FALSE(profile["cocci"]["slowest_processes"].empty());
  std::vector<std::string> merge = {"merge"};
  for (int k = 1; k <= 4; ++k) {
    std::string out = dir + "/shard" + std::to_string(k) + ".json";
    scan({"--shard", std::to_string(k) + "/4"}, out);
    merge.push_back(out);
  }
  merge.insert(merge.end(), {"-o", dir + "/merged.json"});
  auto merged = test::runKconv(merge);
  ASSERT_EQ(merged.exitCode, 0) << merged.err;
  EXPECT_EQ(readFile(dir + "/merged.json"), readFile(dir + "/whole.json"));
}

TEST(KernelScan, FolioAndFileMappingsAreNotPageMapping) {
  // The word before `->mapping` / `.mapping` at each reported site.
  std::regex base(R"((\w+)\s*(->|\.)\s*$)");
  std::set<std::string> notPages = {"folio", "file", "vma", "inode", "src", "dst"};
  std::map<std::string, std::vector<std::string>> lines;
  unsigned checked = 0;
  for (const auto &f : mmScan().result["findings"]) {
    if (f["category"] != "page-mapping" || f["rule"] == "page-mapping.offsetof") continue;
    std::string file = f["file"];
    if (!lines.count(file)) {
      std::istringstream in(readFile(mmScan().tree + "/" + file));
      for (std::string l; std::getline(in, l);) lines[file].push_back(l);
    }
    const std::string &text = lines[file].at(f["line"].get<unsigned>() - 1);
    unsigned col = f["column"].get<unsigned>();
    ASSERT_EQ(text.compare(col - 1, 7, "mapping"), 0) << file << ":" << f["line"] << ": " << text;
    std::smatch m;
    std::string before = text.substr(0, col - 1);
    if (!std::regex_search(before, m, base)) continue;  // `(expr)->mapping`, `a[i].mapping`
    ++checked;
    EXPECT_FALSE(notPages.count(m[1])) << file << ":" << f["line"] << ": " << text;
  }
  EXPECT_GT(checked, 10u);
}

}  // namespace
}  // namespace kconv
