// Reading spatch's output: report lines become records; whatever else it
// prints (a crash, a timeout, a line in no known shape) is a problem that
// is counted and named, never fatal. The fixtures are spatch 1.1.1 runs
// recorded for real (fixtures/spatch-output/*.status has the exit status):
//   crash           pgmap-type.cocci over 13 files, the last a 24 MB amdgpu
//                   register header: spatch segfaults after 12 files' output
//   timeout-single  page-mapping.cocci --timeout 5 on one pathological file
//   timeout-groups  the same file between two kernel files, --file-groups
//   org             page-mapping.cocci in org mode: no line is a report line
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cocci/spatch_output.h"

namespace kconv {
namespace {

std::string fixture(const std::string &name) {
  std::ifstream in(std::string(KCONV_COCCI_FIXTURES) + "/spatch-output/" + name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> groups(const std::string &name) {
  std::vector<std::string> out;
  std::istringstream in(fixture(name));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

size_t lineCount(const std::string &text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

const std::string kSlow = "/tmp/kconv-fixture/slow.c";

TEST(ReportLine, Parses) {
  auto r = parseReportLine(
      "/t/mm/gup.c:969:5-15: devmap.pmd_devmap [use,idiom=trans_huge_or_devmap,with=pmd_trans_huge]"
      " in follow_pmd_mask(): pmd_devmap(): paired with pmd_trans_huge()");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->file, "/t/mm/gup.c");
  EXPECT_EQ(r->line, 969u);
  EXPECT_EQ(r->column, 5u);
  EXPECT_EQ(r->columnEnd, 15u);
  EXPECT_EQ(r->rule, "devmap.pmd_devmap");
  EXPECT_EQ(r->kind, "use");
  EXPECT_EQ(r->attributes.at("idiom"), "trans_huge_or_devmap");
  EXPECT_EQ(r->attributes.at("with"), "pmd_trans_huge");
  EXPECT_EQ(r->function, "follow_pmd_mask");
  EXPECT_EQ(r->text, "pmd_devmap(): paired with pmd_trans_huge()");
}

TEST(ReportLine, OutsideFunctionsAndOddFileNames) {
  auto r = parseReportLine("/tmp/odd:name.c:1:21-31: devmap.pte_devmap [use]: a: b [c]");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->file, "/tmp/odd:name.c");
  EXPECT_EQ(r->function, "");
  EXPECT_EQ(r->text, "a: b [c]");
}

TEST(ReportLine, RejectsOtherShapes) {
  for (const char *line :
       {"", "HANDLING: /t/mm/gup.c", "mm/gup.c:12:3-4: WARNING: kernel style",
        "mm/gup.c:x:3-4: devmap.a [use]: t", "mm/gup.c:0:3-4: devmap.a [use]: t",
        "mm/gup.c:1:3-4: nodot [use]: t", "mm/gup.c:99999999999999999999:3-4: devmap.a [use]: t",
        "* TODO [[view:/t/mm/gup.c::face=ovl-face1::linb=1::colb=2::cole=3][devmap.a @(use): t]]"})
    EXPECT_FALSE(parseReportLine(line)) << line;
}

TEST(SpatchOutput, CrashKeepsEarlierOutputAndIsNamed) {
  std::string out = fixture("crash.out");
  std::vector<std::string> files = groups("crash.groups");
  ASSERT_EQ(files.size(), 13u);
  SpatchOutput o = parseSpatchOutput(out, fixture("crash.err"),
                                     {-1, false, "Segmentation fault"}, files);
  EXPECT_EQ(o.records.size(), lineCount(out));
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0].kind, "crash");
  EXPECT_EQ(o.problems[0].file, "");  // a batch: the runner re-runs it file by file
  // Run alone, the crashing file is named.
  SpatchOutput alone = parseSpatchOutput("", "", {-1, false, "Segmentation fault"}, {files.back()});
  ASSERT_EQ(alone.problems.size(), 1u);
  EXPECT_EQ(alone.problems[0].file, files.back());
}

TEST(SpatchOutput, TimeoutOfTheOnlyFile) {
  SpatchOutput o = parseSpatchOutput(fixture("timeout-single.out"), fixture("timeout-single.err"),
                                     {2, false, ""}, {kSlow});
  EXPECT_TRUE(o.records.empty());
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0].kind, "timeout");
  EXPECT_EQ(o.problems[0].file, kSlow);
}

TEST(SpatchOutput, TimeoutInAGroupKeepsTheOthers) {
  std::string out = fixture("timeout-groups.out");
  SpatchOutput o = parseSpatchOutput(out, fixture("timeout-groups.err"), {0, false, ""},
                                     groups("timeout-groups.groups"));
  EXPECT_EQ(o.records.size(), lineCount(out));
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0].kind, "timeout");
  EXPECT_EQ(o.problems[0].file, kSlow);
  bool dax = false;
  for (const CocciRecord &r : o.records)
    dax |= r.file.find("fs/dax.c") != std::string::npos && r.rule == "page-mapping.write";
  EXPECT_TRUE(dax);
}

TEST(SpatchOutput, OtherShapesAreMalformedAndNamed) {
  std::string out = fixture("org.out");
  std::string file = "/root/.cache/kconv/src/linux-source-6.12/mm/compaction.c";
  SpatchOutput o = parseSpatchOutput(out, fixture("org.err"), {0, false, ""}, {file});
  EXPECT_TRUE(o.records.empty());
  ASSERT_EQ(o.problems.size(), lineCount(out));
  for (const SpatchProblem &p : o.problems) {
    EXPECT_EQ(p.kind, "malformed");
    EXPECT_EQ(p.file, file);
    EXPECT_EQ(p.detail.rfind("* TODO [[view:", 0), 0u);
  }
}

TEST(SpatchOutput, KilledByOurTimeLimitAndBadExit) {
  SpatchOutput killed = parseSpatchOutput("", "", {-1, true, "Child timed out"}, {"a.c", "b.c"});
  ASSERT_EQ(killed.problems.size(), 1u);
  EXPECT_EQ(killed.problems[0].kind, "timeout");
  EXPECT_EQ(killed.problems[0].file, "");
  SpatchOutput bad = parseSpatchOutput("", "virtual rule explain not supported\n", {255, false, ""}, {"a.c"});
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].kind, "error");
  EXPECT_EQ(bad.problems[0].file, "a.c");
}

}  // namespace
}  // namespace kconv
