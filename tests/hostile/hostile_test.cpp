// kconv against a hostile user: each case was run on kconv before the
// hardening (issue "Hardening: outputs that cannot clobber, inputs that
// cannot crash") and aborted, clobbered, hung or lost data. Each must now
// end with exit 0 and a sane result, or exit 2 (130/143 for signals) and
// one line on stderr naming what was wrong, leaving nothing behind.
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

using test::runKconv;
using test::scratchDir;

std::string fixtureTree() {
  static std::string tree =
      test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "hostile-kernel");
  return tree;
}

std::string write(const std::string &name, const std::string &content) {
  std::string path = scratchDir() + "/" + name;
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// An exit 2 with one line on stderr that contains `what`.
void expectInputError(const test::KconvRun &run, const std::string &what) {
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_TRUE(test::endsWithOneErrorLine(run.err)) << run.err;
  EXPECT_NE(run.err.find(what), std::string::npos) << run.err;
}

bool validUtf8Json(const std::string &text) {
  try {
    nlohmann::json j = nlohmann::json::parse(text);  // strict: throws on invalid UTF-8
    return !j.is_discarded();
  } catch (const nlohmann::json::exception &) {
    return false;
  }
}

std::vector<std::string> scanArgs(std::vector<std::string> extra) {
  std::vector<std::string> args = {"scan", "--tree", fixtureTree(), "--engine", "clang",
                                   "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// --- Writes ---------------------------------------------------------------

TEST(HostileOutput, ACharacterDeviceIsWrittenThroughNotReplaced) {
  // A device node of our own (major 1, minor 3 is what /dev/null is), never
  // the machine's /dev/null: if kconv were wrong, only this node would go.
  std::string node = scratchDir() + "/fake-null";
  fs::remove(node);
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
    GTEST_SKIP() << "mknod needs root";
  auto run = runKconv(scanArgs({"-o", node}));
  EXPECT_EQ(run.exitCode, 0) << run.err;
  struct stat st {};
  ASSERT_EQ(::stat(node.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "kconv replaced the device node by a file";
  for (const auto &e : fs::directory_iterator(scratchDir()))
    EXPECT_EQ(e.path().filename().string().find(".kconv-"), std::string::npos) << e.path();
}

TEST(HostileOutput, AFifoGetsTheReportAndStaysAFifo) {
  std::string fifo = scratchDir() + "/report.fifo";
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = readFile(fifo); });
  auto run = runKconv(scanArgs({"-o", fifo}));
  reader.join();
  EXPECT_EQ(run.exitCode, 0) << run.err;
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_TRUE(validUtf8Json(got));
}

TEST(HostileOutput, ASymlinkStaysALinkAndItsTargetGetsTheReport) {
  std::string target = write("link-target.json", "old");
  std::string link = scratchDir() + "/report-link.json";
  fs::remove(link);
  fs::create_symlink(target, link);
  auto run = runKconv(scanArgs({"-o", link}));
  EXPECT_EQ(run.exitCode, 0) << run.err;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_TRUE(validUtf8Json(readFile(target)));
}

TEST(HostileOutput, ADirectoryIsRefused) {
  std::string dir = scratchDir() + "/outdir";
  fs::create_directories(dir);
  expectInputError(runKconv(scanArgs({"-o", dir})), "is a directory");
  EXPECT_TRUE(fs::is_directory(dir));
}

// --- Wrong-typed JSON -------------------------------------------------------

std::string rulesWith(const std::string &name, const std::string &json) {
  std::string dir = scratchDir() + "/rules-" + name;
  fs::remove_all(dir);
  fs::copy(KCONV_SOURCE_DIR "/rules", dir);
  std::ofstream(dir + "/devmap.json") << json;
  return dir;
}

TEST(HostileJson, RuleFilesOfTheWrongShape) {
  expectInputError(runKconv(scanArgs({"--rules", rulesWith("cat", R"({"category": 42, "checker": "devmap", "names": []})")})),
                   "devmap.json: category: missing (a non-empty string)");
  expectInputError(runKconv(scanArgs({"--rules", rulesWith("names", R"({"category": "devmap", "checker": "devmap", "names": "x"})")})),
                   "devmap.json: names: expected an array");
  expectInputError(runKconv(scanArgs({"--rules", rulesWith("checker", R"({"category": "devmap", "checker": "devmapp", "names": []})")})),
                   "checker: unknown checker \"devmapp\"");
}

TEST(HostileJson, MergeOfWhatIsNoShard) {
  std::string report = write("report.json", R"({"tool": "kconv", "report": "conversion"})");
  expectInputError(runKconv({"merge", report}), "report.json: tree: missing");
  expectInputError(runKconv({"merge", write("array.json", "[]")}), "array.json: (top level): expected an object");
}

TEST(HostileJson, ACompileDatabaseOfNumbers) {
  std::string tree = test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "numbers-db");
  std::ofstream(tree + "/compile_commands.json") << "[1, 2]";
  expectInputError(runKconv({"scan", "--tree", tree, "--engine", "clang"}), "[0]: expected an object");
}

TEST(HostileJson, FindingsWithWrongTypesAndRanges) {
  auto findings = [](const std::string &name, auto edit) {
    nlohmann::json j = nlohmann::json::parse(readFile(KCONV_TEST_FIXTURES "/report/new.json"));
    edit(j);
    return write(name, j.dump());
  };
  std::string tree = KCONV_TEST_FIXTURES "/report/tree";
  auto report = [&](const std::string &f) {
    return runKconv({"report", "--tree", tree, "--findings", f, "--format", "json"});
  };
  expectInputError(report(findings("tool5.json", [](auto &j) { j["tool"] = 5; })),
                   "not a kconv findings file");
  expectInputError(report(findings("obj.json", [](auto &j) { j["findings"] = nlohmann::json::object(); })),
                   "findings: expected an array");
  expectInputError(report(findings("big.json", [](auto &j) { j["findings"][0]["line"] = 99999999999; })),
                   "findings[0].line: expected an integer from 1 to 2147483647");
  expectInputError(report(findings("neg.json", [](auto &j) { j["findings"][0]["line"] = -3; })),
                   "findings[0].line: expected an integer");
}

TEST(HostileJson, APolicyThatIsNotAnObject) {
  expectInputError(runKconv({"gate", "a..b", "--tree", scratchDir(), "--policy", write("policy.json", "[1]")}),
                   "policy.json: (top level): expected an object");
}

// --- Bytes that are not text ------------------------------------------------

TEST(HostileBytes, ALatin1SourceLineGivesValidJson) {
  std::string tree = test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "latin1");
  std::ofstream(tree + "/mm/latin1.c")
      << "#include <linux/mm_types.h>\nvoid *f(struct page *page) { return page->mapping; /* caf\xe9 \x1b[31m */ }\n";
  // The fixture's database compiles every .c file; add this one.
  nlohmann::json db = nlohmann::json::parse(readFile(tree + "/compile_commands.json"));
  nlohmann::json entry = db[0];
  entry["file"] = tree + "/mm/latin1.c";
  entry["arguments"].back() = tree + "/mm/latin1.c";
  db.push_back(entry);
  std::ofstream(tree + "/compile_commands.json") << db.dump();
  auto run = runKconv({"scan", "--tree", tree, "--engine", "clang", "--format", "json"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_TRUE(validUtf8Json(run.out));
  EXPECT_NE(run.out.find("caf\xef\xbf\xbd"), std::string::npos) << "invalid byte replaced by U+FFFD";
  auto text = runKconv({"scan", "--tree", tree, "--engine", "clang", "--format", "text"});
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << "no raw escape reaches a terminal";
}

TEST(HostileBytes, MaintainersWithLatin1HugeLinesAndABacktrackingRegex) {
  std::string tree = scratchDir() + "/maint-tree";
  fs::remove_all(tree);
  fs::copy(KCONV_TEST_FIXTURES "/report/tree", tree, fs::copy_options::recursive);
  std::string m = readFile(tree + "/MAINTAINERS");
  m += "\nLATIN1 SECTION\nM:\tJos\xe9 Hacker <j@example.org>\nF:\tmm/\n";
  m += "\nHUGE SECTION\nF:\t" + std::string(50000, 'a') + "\n";
  m += "\nBACKTRACKING SECTION\nN:\t(a+)+x\n";
  std::ofstream(tree + "/MAINTAINERS") << m;
  auto run = runKconv({"report", "--tree", tree, "--findings", KCONV_TEST_FIXTURES "/report/new.json",
                       "--format", "json"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_TRUE(validUtf8Json(run.out));
  auto md = runKconv({"report", "--tree", tree, "--findings", KCONV_TEST_FIXTURES "/report/new.json",
                      "--format", "md"});
  EXPECT_EQ(md.exitCode, 0) << md.err;
}

TEST(HostileBytes, AHugeExtraversionIsNamed) {
  std::string tree = test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "extraversion");
  std::ofstream(tree + "/Makefile") << "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION = -"
                                    << std::string(30000, 'x') << "\n";
  expectInputError(runKconv({"scan", "--tree", tree, "--engine", "clang"}),
                   "Makefile: EXTRAVERSION: expected at most 64 characters");
}

TEST(HostileBytes, AFiveMegabyteSourceLineKeepsABoundedExcerpt) {
  std::string tree = test::makeFixtureKernelTree(KCONV_TEST_FIXTURES "/checkers", "huge");
  std::string line = "void *g(struct page *page) { return page->mapping; }";
  std::string body = line + std::string(5 << 20, ' ') + "\n";
  std::ofstream(tree + "/mm/page_mapping.c", std::ios::app) << body;
  auto run = runKconv({"scan", "--tree", tree, "--engine", "clang", "--format", "json"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  nlohmann::json j = nlohmann::json::parse(run.out);
  for (const auto &f : j["findings"]) EXPECT_LE(f["code"].get<std::string>().size(), 410u);
}

// --- Options ----------------------------------------------------------------

TEST(HostileOptions, OutOfRangeAndEmptyValues) {
  auto many = runKconv(scanArgs({"--jobs", "100000"}));
  EXPECT_EQ(many.exitCode, 0) << many.err;
  EXPECT_NE(many.err.find("capped"), std::string::npos) << many.err;
  expectInputError(runKconv({"scan", "--tree", fixtureTree(), "--engine", "clang", "--shard", "1/-2"}),
                   "--shard wants K/N");
  auto empty = runKconv({"scan", "--tree", "", "--engine", "clang"});
  EXPECT_EQ(empty.exitCode, 2) << empty.err;
  EXPECT_NE(empty.err.find("must not be empty"), std::string::npos) << empty.err;
  // `--profile -q`: the next option taken as the file name.
  auto optionLike = runKconv({"scan", "--tree", fixtureTree(), "--engine", "clang", "--profile", "-q"});
  EXPECT_EQ(optionLike.exitCode, 2) << optionLike.err;
  EXPECT_NE(optionLike.err.find("looks like an option"), std::string::npos) << optionLike.err;
  EXPECT_FALSE(std::filesystem::exists("-q"));
  // Every option that names a file or directory to write.
  for (const std::vector<std::string> &args :
       std::vector<std::vector<std::string>>{{"scan", "--tree", fixtureTree(), "-o", "--format"},
                                             {"report", "-o", "-j"},
                                             {"merge", "-o", "-x", "a.json"},
                                             {"gate", "HEAD~1..HEAD", "--report-dir", "--no-build"},
                                             {"test", "--report-dir", "-j"},
                                             {"propose", "--out", "--force"},
                                             {"propose", "--inventory", "--force"}}) {
    // Refused either way: as a file name that looks like an option, or
    // (an option of this command) as a missing value.
    auto r = runKconv(args);
    EXPECT_EQ(r.exitCode, 2) << args[0] << ": " << r.err;
  }
  for (const char *f : {"--format", "-j", "-x", "--no-build", "--force"})
    EXPECT_FALSE(std::filesystem::exists(f)) << f;
}

TEST(HostileOptions, BranchNamesGitCouldNotUse) {
  for (const char *name : {"HEAD", "-x", "a..b", "x.lock"}) {
    auto run = runKconv({"propose", "--refactor", "devmap", "--tree", scratchDir(),
                         std::string("--branch=") + name});
    EXPECT_EQ(run.exitCode, 2) << name << ": " << run.err;
    EXPECT_NE(run.err.find("invalid branch name"), std::string::npos) << name << ": " << run.err;
  }
}

// --- Signals ----------------------------------------------------------------

// Runs kconv with TMPDIR in a scratch directory, sends `sig` after `delay`,
// returns the exit code (128 + signal when kconv handled it).
int runAndSignal(const std::vector<std::string> &args, const std::string &tmpdir, int sig,
                 std::chrono::milliseconds delay) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("TMPDIR", tmpdir.c_str(), 1);
    ::setenv("KCONV_CACHE", (scratchDir() + "/cache").c_str(), 1);
    ::setenv("CI", "1", 1);
    std::vector<char *> argv = {const_cast<char *>(KCONV_BINARY)};
    for (const std::string &a : args) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    ::execv(KCONV_BINARY, argv.data());
    ::_exit(127);
  }
  std::this_thread::sleep_for(delay);
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A process (other than this test) whose environment holds `entry`: the
// children kconv started inherit its TMPDIR.
bool processWithEnvironment(const std::string &entry) {
  for (const auto &e : fs::directory_iterator("/proc")) {
    std::string pid = e.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos || pid == std::to_string(::getpid()))
      continue;
    std::ifstream in(e.path() / "environ", std::ios::binary);
    std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (env.find(entry + '\0') != std::string::npos) return true;
  }
  return false;
}

TEST(HostileSignals, InterruptedScanLeavesNoTemporaryFilesNorChildren) {
  if (::system("command -v spatch >/dev/null") != 0) GTEST_SKIP() << "needs spatch";
  for (int sig : {SIGINT, SIGTERM}) {
    std::string tmp = scratchDir() + "/tmp-" + std::to_string(sig);
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    std::string out = scratchDir() + "/interrupted.json";
    std::ofstream(out) << "old";
    int rc = runAndSignal({"scan", "--tree", fixtureTree(), "--engine", "both", "--format", "json",
                           "-o", out},
                          tmp, sig, std::chrono::milliseconds(1500));
    if (rc == 0) continue;  // finished before the signal: nothing to check
    EXPECT_EQ(rc, 128 + sig) << "signal " << sig;
    std::string leftFiles;
    for (const auto &e : fs::directory_iterator(tmp)) leftFiles += " " + e.path().filename().string();
    EXPECT_TRUE(leftFiles.empty()) << "signal " << sig << ": temporary files left in " << tmp << ":" << leftFiles;
    std::string text = readFile(out);
    EXPECT_TRUE(text == "old" || validUtf8Json(text)) << "the report is old or new, never partial";
    // A killed child may still be in its exit for a moment; none may live on.
    bool left = true;
    for (int i = 0; i < 50 && (left = processWithEnvironment("TMPDIR=" + tmp)); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(left) << "a child of kconv is left running";
  }
}

}  // namespace
}  // namespace kconv
