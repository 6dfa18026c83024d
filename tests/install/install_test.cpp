// kconv installed as a user installs it: `cmake --install` of this build
// directory into a scratch prefix. The installed binary must read its data
// from <prefix>/share/kconv, not from the source tree it was built from,
// find what the build tree's binary finds, and come with a man page and
// completion for every subcommand its --help lists.
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "kernel/process.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

using test::scratchDir;

struct Output {
  int exitCode = -1;
  std::string out, err;
};

Output run(const std::vector<std::string> &argv, const std::vector<std::string> &env = {}) {
  static int n = 0;
  std::string base = scratchDir() + "/run" + std::to_string(++n);
  ProcessOptions po;
  po.logPath = base + ".out";
  po.stderrPath = base + ".err";
  po.extraEnv = env;
  Output r;
  r.exitCode = runProcess(argv, po).exitCode;
  r.out = readFile(po.logPath);
  r.err = readFile(po.stderrPath);
  return r;
}

std::string fixtureTree() {
  static std::string tree =
      test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "install-kernel");
  return tree;
}

// `kconv scan` of the fixture tree with the Clang engine; a cache of its
// own per run, so each really parses rather than replaying another's.
nlohmann::json scan(const std::string &kconv, const std::string &name) {
  std::string out = scratchDir() + "/" + name + ".json";
  Output r = run({kconv, "scan", "--tree", fixtureTree(), "--engine", "clang", "--format", "json",
               "-o", out},
              {"CI=1", "KCONV_CACHE=" + scratchDir() + "/cache-" + name});
  EXPECT_EQ(r.exitCode, 0) << kconv << ": " << r.err;
  return r.exitCode == 0 ? nlohmann::json::parse(readFile(out)) : nlohmann::json();
}

// "file:line:col: rule" per finding: what a failure prints instead of the
// whole JSON.
std::vector<std::string> sites(const nlohmann::json &findings) {
  std::vector<std::string> out;
  for (const auto &f : findings)
    out.push_back(f.value("file", "") + ":" + std::to_string(f.value("line", 0)) + ":" +
                  std::to_string(f.value("column", 0)) + ": " + f.value("rule", ""));
  return out;
}

// The first word of the lines under `heading` in CLI11's help that start
// with `lead` ("  -" for options, "  " for subcommands).
std::vector<std::string> helpColumn(const std::string &help, const std::string &heading,
                                    const std::string &lead) {
  std::vector<std::string> out;
  std::istringstream in(help);
  bool on = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ') on = line == heading;
    else if (on && line.rfind(lead, 0) == 0 && line.size() > 2 && line[2] != ' ')
      out.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return out;
}

std::vector<std::string> subcommands(const std::string &kconv) {
  return helpColumn(run({kconv, "--help"}).out, "Subcommands:", "  ");
}

// Every name of every option of `kconv sub` (-j,--jobs gives two).
std::set<std::string> optionNames(const std::string &kconv, const std::string &sub) {
  std::set<std::string> names;
  for (const std::string &spec : helpColumn(run({kconv, sub, "--help"}).out, "Options:", "  -")) {
    std::istringstream parts(spec);
    for (std::string name; std::getline(parts, name, ',');) names.insert(name);
  }
  return names;
}

// What the installed completion offers for `kconv <words...>`, the last
// word being the one completed.
std::set<std::string> complete(const std::string &file, const std::vector<std::string> &words) {
  std::vector<std::string> argv = {
      "bash", "-c",
      "source \"$1\"; shift; COMP_WORDS=(kconv \"$@\"); COMP_CWORD=$#; _kconv; "
      "printf '%s\\n' \"${COMPREPLY[@]}\"",
      "bash", file};
  argv.insert(argv.end(), words.begin(), words.end());
  Output r = run(argv);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  std::set<std::string> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

class Installed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // As on a user's machine: nothing points kconv at its data.
    ::unsetenv("KCONV_DATA_DIR");
    prefix_ = scratchDir() + "/prefix";
    Output r = run({KCONV_CMAKE, "--install", KCONV_BUILD_DIR, "--prefix", prefix_});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  }
  // The install holds a copy of the ~150 MB unstripped binary.
  static void TearDownTestSuite() { fs::remove_all(scratchDir()); }

  static std::string kconv() { return prefix_ + "/bin/kconv"; }
  static std::string prefix_;
};
std::string Installed::prefix_;

TEST_F(Installed, ScanFindsWhatTheBuildTreeBinaryFinds) {
  nlohmann::json built = scan(KCONV_BINARY, "built");
  nlohmann::json installed = scan(kconv(), "installed");
  ASSERT_FALSE(built.is_null());
  ASSERT_FALSE(built["findings"].empty());
  EXPECT_EQ(sites(installed["findings"]), sites(built["findings"]));
  EXPECT_TRUE(installed["findings"] == built["findings"]) << "same sites, other details";
  EXPECT_EQ(installed["coverage"]["parsed"], built["coverage"]["parsed"]);
  EXPECT_EQ(installed["coverage"]["failed"], 0);
}

// The source tree stays on this machine, so a moved prefix proves where its
// data comes from by missing a rule file: if kconv fell back to the source
// tree's rules/, the devmap findings would still be there.
TEST_F(Installed, AMovedPrefixReadsItsOwnData) {
  std::string moved = scratchDir() + "/moved";
  fs::copy(prefix_, moved, fs::copy_options::recursive);
  ASSERT_TRUE(fs::remove(moved + "/share/kconv/rules/devmap.json"));
  Output version = run({moved + "/bin/kconv", "--version"});
  EXPECT_EQ(version.exitCode, 0) << version.err;
  EXPECT_EQ(version.out, run({KCONV_BINARY, "--version"}).out);

  nlohmann::json all = scan(kconv(), "in-place")["findings"];
  nlohmann::json expected = nlohmann::json::array();
  for (const auto &f : all)
    if (f["category"] != "devmap") expected.push_back(f);
  ASSERT_LT(expected.size(), all.size()) << "the fixture has no devmap finding to lose";
  EXPECT_EQ(sites(scan(moved + "/bin/kconv", "moved")["findings"]), sites(expected));
}

TEST_F(Installed, EveryRunTimeDataFileAndNothingElse) {
  for (const char *dir : {"rules", "semantic-patches", "ci/guest", "ci/config"}) {
    for (const auto &e : fs::recursive_directory_iterator(fs::path(KCONV_SOURCE_DIR) / dir)) {
      if (!e.is_regular_file()) continue;
      std::string relative = fs::relative(e.path(), KCONV_SOURCE_DIR).string();
      EXPECT_TRUE(fs::is_regular_file(prefix_ + "/share/kconv/" + relative)) << relative;
    }
  }
  EXPECT_FALSE(fs::exists(prefix_ + "/share/kconv/ci/jobs"));
  EXPECT_FALSE(fs::exists(prefix_ + "/share/kconv/ci/sanitize"));
}

TEST_F(Installed, AManPagePerSubcommand) {
  if (!KCONV_MAN_PAGES) GTEST_SKIP() << "built without help2man";
  std::string man1 = prefix_ + "/share/man/man1/";
  EXPECT_GT(fs::file_size(man1 + "kconv.1.gz"), 0u);
  std::vector<std::string> subs = subcommands(kconv());
  ASSERT_FALSE(subs.empty());
  for (const std::string &sub : subs)
    EXPECT_GT(fs::file_size(man1 + "kconv-" + sub + ".1.gz"), 0u) << sub;
}

TEST_F(Installed, CompletionOffersEverySubcommandAndOption) {
  std::string file = prefix_ + "/share/bash-completion/completions/kconv";
  ASSERT_TRUE(fs::is_regular_file(file));
  std::vector<std::string> subs = subcommands(kconv());
  EXPECT_EQ(complete(file, {""}), std::set<std::string>(subs.begin(), subs.end()));
  for (const std::string &sub : subs)
    EXPECT_EQ(complete(file, {sub, "-"}), optionNames(kconv(), sub)) << sub;
  EXPECT_EQ(complete(file, {"scan", "--engine", ""}),
            (std::set<std::string>{"clang", "cocci", "both"}));
}

}  // namespace
}  // namespace kconv
