// The Coccinelle engine: batches and crash isolation (with a stand-in
// spatch that crashes on one file), the real spatch on a fixture tree, and
// `kconv scan --engine cocci` end to end on it (no build needed).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cocci/cocci_engine.h"
#include "cocci/source_scan.h"
#include "cocci/spatch_runner.h"
#include "core/errors.h"
#include "kernel/process.h"
#include "stand_in_spatch.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

fs::path tree() { return fs::path(KCONV_COCCI_FIXTURES) / "tree"; }

std::string read(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A stand-in for spatch: reports one site per file of its --file-groups
// list, and dies of SIGSEGV on a file named *crash*.
fs::path fakeSpatch() {
  return standInSpatch("kconv-fake-spatch",
                       "  case \"$f\" in *crash*) kill -SEGV $$;; esac\n"
                       "  echo \"$f:1:0-3: devmap.pte_devmap [use] in f(): x\"\n");
}

TEST(SpatchRunner, CrashedBatchIsRunFileByFile) {
  SpatchSettings s;
  s.program = fakeSpatch().string();
  s.batchSize = 3;
  s.jobs = 2;
  SpatchRun run = runSpatch(s, {"/t/a.c", "/t/crash.c", "/t/b.c", "/t/c.c"});
  std::vector<std::string> files;
  for (const CocciRecord &r : run.records) files.push_back(r.file);
  EXPECT_EQ(files, (std::vector<std::string>{"/t/a.c", "/t/b.c", "/t/c.c"}));
  ASSERT_EQ(run.problems.size(), 1u);
  EXPECT_EQ(run.problems[0].kind, "crash");
  EXPECT_EQ(run.problems[0].file, "/t/crash.c");
  EXPECT_EQ(run.batchesRetried, 1u);
  EXPECT_EQ(run.processes, 5u);  // the batch, its three files, the last batch
}

TEST(CocciEngine, MissingSpatchIsAnInputError) {
  EXPECT_THROW(findSpatch("kconv-no-such-spatch"), InputError);
}

class RealSpatch : public ::testing::Test {
 protected:
  void SetUp() override {
    if (findProgram("spatch").empty()) GTEST_SKIP() << "spatch is not installed";
  }
};

TEST_F(RealSpatch, FindsSitesInEveryBranchAndArch) {
  RulePack rules = loadRulePack(dataDir() + "/rules");
  TreeScan scan = scanTree(tree().string(), {}, scanNamesFrom(rules), 2);
  CocciResult r = runCocciEngine(rules, tree().string(), scan.occurrences, {});
  auto find = [&](const std::string &file, unsigned line, unsigned col) -> const Finding * {
    for (const Finding &f : r.findings)
      if (f.location == Location{file, line, col}) return &f;
    return nullptr;
  };
  // spatch: the callee identifier, Coccinelle's 0-based column made 1-based.
  const Finding *use = find("mm/gup.c", 9, 6);
  ASSERT_TRUE(use);
  EXPECT_EQ(use->rule, "devmap.pmd_devmap");
  EXPECT_EQ(use->engine, "cocci");
  EXPECT_FALSE(use->verified);
  EXPECT_EQ(use->function, "follow_pmd_mask");
  EXPECT_EQ(use->message, "pmd_devmap: devmap PMD test");
  EXPECT_EQ(use->details["via"], "spatch");
  // The lexical scan: a #define on another architecture.
  const Finding *def = find("arch/arm64/include/asm/pgtable.h", 2, 9);
  ASSERT_TRUE(def);
  EXPECT_EQ(def->rule, "devmap.pte_devmap");
  EXPECT_EQ(def->details["kind"], "definition");
  EXPECT_EQ(def->details["via"], "directive");
  // Inside the split_huge_pmd body.
  const Finding *body = find("include/linux/mm.h", 16, 9);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->rule, "devmap.pmd_devmap");
  // Typed accesses.
  const Finding *type = find("mm/gup.c", 20, 19);
  ASSERT_TRUE(type);
  EXPECT_EQ(type->rule, "pgmap-type.compare");
  EXPECT_EQ(type->details["types"], nlohmann::json({"MEMORY_DEVICE_PRIVATE"}));
  const Finding *mapping = find("mm/gup.c", 22, 15);
  ASSERT_TRUE(mapping);
  EXPECT_EQ(mapping->rule, "page-mapping.compare");
  EXPECT_FALSE(find("mm/gup.c", 22, 33));  // folio->mapping
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].kind, "other");
  EXPECT_EQ(r.notes[0].text, "not struct page::mapping: struct folio *");
  EXPECT_EQ(r.coverage["problems"]["crash"].size(), 0u);
  for (const auto &[category, script] : r.coverage["scripts"].items())
    EXPECT_FALSE(script.contains("name_mismatch")) << category;
}

// kconv scan --engine cocci end to end: no build, deterministic output.
TEST_F(RealSpatch, ScanCommandIsDeterministic) {
  fs::path a = fs::temp_directory_path() / "kconv-cocci-a.json";
  fs::path b = fs::temp_directory_path() / "kconv-cocci-b.json";
  for (const fs::path &out : {a, b}) {
    ProcessOptions o;
    o.logPath = "/dev/null";
    ProcessResult r = runProcess({KCONV_BINARY, "scan", "--tree", tree().string(), "--engine",
                                  "cocci", "-j", "2", "--format", "json", "-o", out.string()},
                                 o);
    ASSERT_EQ(r.exitCode, 0);
  }
  std::string first = read(a);
  EXPECT_EQ(first, read(b));
  nlohmann::json j = nlohmann::json::parse(first);
  EXPECT_EQ(j["coverage"]["engines"], nlohmann::json({"cocci"}));
  EXPECT_EQ(j["coverage"]["lexical"]["unexplained_count"], 0);
  for (const auto &f : j["findings"]) {
    EXPECT_EQ(f["engine"], "cocci");
    EXPECT_FALSE(f["verified"].get<bool>());
  }
  fs::remove(a);
  fs::remove(b);
}

TEST(ScanCommand, MissingSpatchIsOneLineAndExit2) {
  fs::path err = fs::temp_directory_path() / "kconv-nospatch.err";
  ProcessOptions o;
  o.logPath = "/dev/null";
  o.stderrPath = err.string();
  ProcessResult r = runProcess({"/usr/bin/env", "PATH=/nonexistent", KCONV_BINARY, "scan",
                                "--tree", tree().string(), "--engine", "cocci"},
                               o);
  EXPECT_EQ(r.exitCode, 2);
  std::string text = read(err);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_NE(text.find("spatch not found"), std::string::npos) << text;
  fs::remove(err);
}

}  // namespace
}  // namespace kconv
