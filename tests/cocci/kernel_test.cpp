// `kconv scan --engine both` on the default tree (Debian's linux-source-6.12)
// for three files, checked against facts read off the source text with
// plain regular expressions, independently of both engines:
//   mm/gup.c is compiled by the scan configuration: every pXd_devmap( call
//     outside comments is a site Clang verified;
//   arch/arm64/include/asm/pgtable.h is another architecture: each
//     pXd_devmap it defines (#define or inline function) is a site, not
//     verified, reason other-architecture;
//   include/linux/huge_mm.h defines split_huge_pmd with pmd_devmap in its
//     body and mm/gup.c calls it: that body site is verified by Clang's
//     finding at the expansion; its static inline follow_devmap_pmd() stub
//     is in the !CONFIG_TRANSPARENT_HUGEPAGE branch, which the scan
//     configuration (rules/zone-device.config sets the option) skips;
//   nothing is left unexplained, and spatch had no problem.
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

nlohmann::json scan;

std::string read(const std::string &path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// 1-based numbers of the lines matching `re`, skipping comment lines.
std::vector<unsigned> linesMatching(const std::string &text, const std::regex &re) {
  std::vector<unsigned> out;
  std::istringstream in(text);
  unsigned n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    std::string t = line.substr(line.find_first_not_of(" \t") == std::string::npos
                                    ? line.size() : line.find_first_not_of(" \t"));
    if (t.rfind("*", 0) == 0 || t.rfind("/*", 0) == 0 || t.rfind("//", 0) == 0) continue;
    if (std::regex_search(line, re)) out.push_back(n);
  }
  return out;
}

std::vector<nlohmann::json> findingsAt(const std::string &file, unsigned line,
                                       const std::string &category) {
  std::vector<nlohmann::json> out;
  for (const auto &f : scan["findings"])
    if (f["file"] == file && f["line"] == line && f["category"] == category) out.push_back(f);
  return out;
}

class KernelScan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string out = ::testing::TempDir() + "kconv-cocci-kernel.json";
    std::string cmd = std::string(KCONV_BINARY) +
                      " scan --engine both -j 2 --format json -o " + out +
                      " --paths mm/gup.c arch/arm64/include/asm/pgtable.h include/linux/huge_mm.h";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    scan = nlohmann::json::parse(read(out));
    std::remove(out.c_str());
  }
  std::string source(const std::string &file) {
    return read(scan["tree"]["path"].get<std::string>() + "/" + file);
  }
};

TEST_F(KernelScan, CompiledDevmapCallsAreVerified) {
  auto lines = linesMatching(source("mm/gup.c"), std::regex(R"(\bp(te|md|ud|gd)_devmap\()"));
  ASSERT_GE(lines.size(), 5u);
  for (unsigned line : lines) {
    auto fs = findingsAt("mm/gup.c", line, "devmap");
    ASSERT_FALSE(fs.empty()) << "mm/gup.c:" << line;
    for (const auto &f : fs) {
      EXPECT_TRUE(f["verified"].get<bool>()) << f.dump();
      EXPECT_EQ(f["details"]["seen_by"], nlohmann::json({"clang", "cocci"})) << f.dump();
    }
  }
}

TEST_F(KernelScan, OtherArchitectureDefinitionsAreUnverifiedSites) {
  const std::string file = "arch/arm64/include/asm/pgtable.h";
  auto lines = linesMatching(
      source(file), std::regex(R"((#define\s+|\b(int|bool)\s+)p(te|md|ud)_devmap\()"));
  ASSERT_GE(lines.size(), 3u);
  for (unsigned line : lines) {
    auto fs = findingsAt(file, line, "devmap");
    ASSERT_FALSE(fs.empty()) << file << ":" << line;
    bool definition = false;
    for (const auto &f : fs) {
      EXPECT_FALSE(f["verified"].get<bool>());
      EXPECT_EQ(f["engine"], "cocci");
      EXPECT_EQ(f["details"]["unverified_reason"], "other-architecture");
      definition |= f["details"]["kind"] == "definition";
    }
    EXPECT_TRUE(definition) << file << ":" << line;
  }
}

TEST_F(KernelScan, MacroBodyVerifiedAtItsExpansion) {
  std::string huge = source("include/linux/huge_mm.h");
  ASSERT_FALSE(linesMatching(source("mm/gup.c"), std::regex(R"(\bsplit_huge_pmd\()")).empty());
  // A pmd_devmap( in the continuation lines of a #define split_huge_pmd
  // (there is also a !CONFIG_TRANSPARENT_HUGEPAGE stub without one).
  auto starts = linesMatching(huge, std::regex(R"(#define split_huge_pmd\()"));
  auto devmap = linesMatching(huge, std::regex(R"(\bpmd_devmap\()"));
  unsigned body = 0;
  for (unsigned start : starts)
    for (unsigned l : devmap)
      if (l > start && l < start + 12) body = l;
  ASSERT_NE(body, 0u);
  auto fs = findingsAt("include/linux/huge_mm.h", body, "devmap");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(fs[0]["verified"].get<bool>());
  EXPECT_NE(fs[0]["details"]["verified_by"].get<std::string>().find("split_huge_pmd"),
            std::string::npos);
}

TEST_F(KernelScan, StubInDisabledBranch) {
  auto stubs = linesMatching(source("include/linux/huge_mm.h"),
                             std::regex(R"(static inline struct page \*follow_devmap_pmd\()"));
  ASSERT_EQ(stubs.size(), 1u);
  auto fs = findingsAt("include/linux/huge_mm.h", stubs[0], "devmap");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_FALSE(fs[0]["verified"].get<bool>());
  EXPECT_EQ(fs[0]["details"]["unverified_reason"], "disabled-branch");
  EXPECT_EQ(fs[0]["details"]["kind"], "definition");
}

TEST_F(KernelScan, NothingUnexplainedNothingFailed) {
  const auto &cov = scan["coverage"];
  EXPECT_EQ(cov["lexical"]["unexplained"], nlohmann::json::array());
  for (const char *kind : {"timeout", "crash", "error", "malformed"})
    EXPECT_EQ(cov["cocci"]["problems"][kind], nlohmann::json::array()) << kind;
  for (const auto &[category, script] : cov["cocci"]["scripts"].items())
    EXPECT_FALSE(script.contains("name_mismatch")) << category;
  EXPECT_EQ(cov["failed"], 0);
}

}  // namespace
