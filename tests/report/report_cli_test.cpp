// `kconv report` end to end through the binary: exit codes, one-line errors
// on stderr for bad input, deterministic files written whole.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const std::string kDir = KCONV_REPORT_FIXTURES;

struct CliRun {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string &path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A directory of this test's own, so tests may run in parallel (ctest -j).
std::string testDir() {
  const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(::testing::TempDir()) / "kconv-report-cli" /
                 (std::string(info->test_suite_name()) + "." + info->name());
  fs::create_directories(dir);
  return dir.string();
}

CliRun kconv(const std::string &args) {
  std::string dir = testDir();
  std::string out = dir + "/cli.out", err = dir + "/cli.err";
  std::string cmd = "cd '" + dir + "' && '" KCONV_BINARY "' " + args + " >'" + out +
                    "' 2>'" + err + "'";
  int status = std::system(cmd.c_str());
  CliRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

size_t lineCount(const std::string &s) { return std::count(s.begin(), s.end(), '\n'); }

const std::string kFixture = "--tree '" + kDir + "/tree' --findings '" + kDir + "/old.json' '" +
                             kDir + "/new.json'";

TEST(ReportCli, WritesEachFormatWholeAndTheSameTwice) {
  for (const char *format : {"md", "html", "json"}) {
    std::string path = testDir() + "/report." + format;
    fs::remove(path);
    CliRun a = kconv("report " + kFixture + " --format " + format + " -o '" + path + "'");
    ASSERT_EQ(a.code, 0) << a.err;
    std::string first = slurp(path);
    EXPECT_GT(first.size(), 1000u);
    CliRun b = kconv("report " + kFixture + " --format " + format + " -o '" + path + "'");
    EXPECT_EQ(slurp(path), first) << format;
    // One warning line pointing at the problems listed in the report.
    EXPECT_EQ(lineCount(a.err), 2u) << a.err;  // and the summary line
    EXPECT_NE(a.err.find("\nkconv: report: 7 sites (5 verified) in 5 subsystems; "), std::string::npos)
        << a.err;
    EXPECT_EQ(a.err.rfind("kconv: warning: 8 input problems", 0), 0u) << a.err;
  }
  for (const auto &e : fs::directory_iterator(testDir()))
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
}

TEST(ReportCli, DefaultsToMarkdownOnStdout) {
  CliRun r = kconv("report " + kFixture);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("kconv conversion report: Linux 6.12.0", 0), 0u);
}

void expectInputError(const CliRun &r, const std::string &part) {
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lineCount(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("kconv: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(ReportCli, BadInputIsOneLineAndExitTwo) {
  // new.json records a tree path that does not exist.
  expectInputError(kconv("report --findings '" + kDir + "/new.json'"),
                   "/nonexistent/kconv-fixture-tree");
  // old.json was scanned on 6.11, the fixture tree is 6.12.
  expectInputError(kconv("report --tree '" + kDir + "/tree' --findings '" + kDir + "/old.json'"),
                   "was scanned on kernel 6.11.0");
  expectInputError(kconv("report --tree '" + kDir + "/tree' --findings '" + kDir +
                         "/tree/MAINTAINERS'"),
                   "MAINTAINERS: not JSON");
  // No --findings: kconv-findings.json in the working directory.
  expectInputError(kconv("report --tree '" + kDir + "/tree'"), "kconv-findings.json");
  CliRun format = kconv("report " + kFixture + " --format pdf");
  EXPECT_EQ(format.code, 2);
}

}  // namespace
