// Coccinelle-style triples for each semantic patch, as Coccinelle's own
// tests are: fixtures/triples/<script>.c is the input, <script>.report the
// report it must give (sorted by position), <script>.res the file patch
// mode must produce (the input itself when the script has no patch mode).
// The script is semantic-patches/<script>.cocci, run with its own
// "// Options:" as `make coccicheck` runs it. Org and context modes must
// agree with report mode on the number of sites.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "cocci/spatch_output.h"
#include "core/rule_pack.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

std::string read(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

fs::path triples() { return fs::path(KCONV_COCCI_FIXTURES) / "triples"; }
fs::path script(const std::string &name) {
  return fs::path(dataDir()) / "semantic-patches" / (name + ".cocci");
}

std::vector<std::string> scriptOptions(const std::string &name) {
  std::smatch m;
  std::string text = read(script(name));
  std::vector<std::string> out;
  if (std::regex_search(text, m, std::regex(R"(//\s*Options:([^\n]*))"))) {
    std::istringstream words(m[1].str());
    for (std::string w; words >> w;) out.push_back(w);
  }
  return out;
}

struct SpatchCall {
  int status = -1;
  std::string out;
};

// spatch in `mode` on the triple's input, run from the triples directory
// so reports name the file as "<name>.c".
SpatchCall spatch(const std::string &name, const std::string &mode,
           const std::vector<std::string> &extra = {}) {
  std::vector<std::string> argv = {"spatch", "--very-quiet", "-D", mode};
  if (mode == "report" || mode == "org") argv.push_back("--no-show-diff");
  for (const std::string &o : scriptOptions(name)) argv.push_back(o);
  argv.insert(argv.end(), {"--sp-file", script(name).string(), name + ".c"});
  argv.insert(argv.end(), extra.begin(), extra.end());
  fs::path log = fs::temp_directory_path() / ("kconv-triple-" + name + "-" + mode + ".log");
  ProcessOptions options;
  options.workingDir = triples().string();
  options.logPath = log.string();
  options.stderrPath = "/dev/null";
  options.timeoutSeconds = 120;
  SpatchCall r;
  r.status = runProcess(argv, options).exitCode;
  r.out = read(log);
  fs::remove(log);
  return r;
}

class Triple : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (findProgram("spatch").empty()) GTEST_SKIP() << "spatch is not installed";
  }
};

TEST_P(Triple, Report) {
  std::string name = GetParam();
  SpatchCall r = spatch(name, "report");
  ASSERT_EQ(r.status, 0) << r.out;
  std::vector<std::string> got = lines(r.out);
  auto position = [](const std::string &l) {
    auto rec = parseReportLine(l);
    return std::make_tuple(rec ? rec->line : 0u, rec ? rec->column : 0u, l);
  };
  std::sort(got.begin(), got.end(),
            [&](const std::string &a, const std::string &b) { return position(a) < position(b); });
  std::vector<std::string> want = lines(read(triples() / (name + ".report")));
  EXPECT_EQ(got, want);
  for (const std::string &l : got) EXPECT_TRUE(parseReportLine(l)) << "not a report line: " << l;
}

TEST_P(Triple, Patch) {
  std::string name = GetParam();
  fs::path out = fs::temp_directory_path() / ("kconv-triple-" + name + ".res");
  fs::remove(out);
  SpatchCall r = spatch(name, "patch", {"-o", out.string()});
  ASSERT_EQ(r.status, 0) << r.out;
  // spatch writes nothing when nothing changes.
  std::string result = fs::exists(out) ? read(out) : read(triples() / (name + ".c"));
  fs::remove(out);
  EXPECT_EQ(result, read(triples() / (name + ".res")));
}

TEST_P(Triple, OrgAndContextAgreeWithReport) {
  std::string name = GetParam();
  size_t sites = lines(read(triples() / (name + ".report"))).size();
  SpatchCall org = spatch(name, "org");
  ASSERT_EQ(org.status, 0) << org.out;
  size_t todos = 0;
  for (const std::string &l : lines(org.out)) todos += l.rfind("* TODO [[view:", 0) == 0;
  EXPECT_EQ(todos, sites);
  SpatchCall context = spatch(name, "context");
  ASSERT_EQ(context.status, 0) << context.out;
  size_t marked = 0;
  for (const std::string &l : lines(context.out)) marked += l[0] == '-' && l.rfind("---", 0) != 0;
  EXPECT_GT(marked, 0u);
}

INSTANTIATE_TEST_SUITE_P(SemanticPatches, Triple,
                         ::testing::Values("devmap", "pgmap-type", "page-mapping",
                                           "devmap-successor"),
                         [](const auto &info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace kconv
