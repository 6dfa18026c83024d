// kconv gate --mbox and kconv check-patch end to end on a miniature kernel
// repository: a series as mail is gated as its branch is, a patch that does
// not apply is its own verdict with a threaded reply mail, the user's
// repository gains nothing, and check-patch answers b4's per-patch check.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "support/git_fixture.h"
#include "support/run_kconv.h"

namespace fs = std::filesystem;
using kconv::readFile;
using kconv::test::checkoutState;
using kconv::test::commitAll;
using kconv::test::replaceIn;
using kconv::test::git;
using kconv::test::runKconv;

namespace {

struct Series {
  std::string tree, base, mbox;
};

// master: the fixture; series: 1. drops two pgmap type tests, 2. appends a
// helper, 3. adds a pgmap type test (a new finding in the category the
// series converts: fails). The mailbox is what format-patch mails.
Series makeSeries() {
  fs::remove_all(kconv::test::scratchDir() + "/cache");
  std::string tree = kconv::test::makeGateFixtureRepo(kconv::test::scratchDir() + "/tree");
  std::string base = git(tree, {"rev-parse", "HEAD"}).substr(0, 40);
  git(tree, {"checkout", "-q", "-b", "series"});
  replaceIn(tree, "mm/memremap.c", "\tif (pgmap->type == MEMORY_DEVICE_PRIVATE)\n\t\tpgmap->ops",
            "\tif (pgmap->flags & PGMAP_ALTMAP_VALID)\n\t\tpgmap->ops");
  replaceIn(tree, "mm/memremap.c",
            "\tif (pgmap->type != MEMORY_DEVICE_PRIVATE &&\n\t    pgmap->type != MEMORY_DEVICE_COHERENT)\n",
            "\tif (!(pgmap->flags & PGMAP_ALTMAP_VALID))\n");
  commitAll(tree, "mm/memremap: test the altmap flag, not the type");
  std::ofstream(tree + "/mm/memremap.c", std::ios::app)
      << "\nbool pgmap_has_altmap(struct dev_pagemap *pgmap)\n{\n"
         "\treturn pgmap->flags & PGMAP_ALTMAP_VALID;\n}\n";
  commitAll(tree, "mm/memremap: add pgmap_has_altmap");
  std::ofstream(tree + "/mm/memremap.c", std::ios::app)
      << "\nbool pgmap_is_coherent(struct dev_pagemap *pgmap)\n{\n"
         "\treturn pgmap->type == MEMORY_DEVICE_COHERENT;\n}\n";
  commitAll(tree, "mm/memremap: add pgmap_is_coherent");
  git(tree, {"checkout", "-q", "master"});
  std::string mbox = kconv::test::scratchDir() + "/series.mbox";
  std::ofstream(mbox) << git(tree, {"format-patch", "--cover-letter", "--thread", "--base=" + base,
                                    "--stdout", "master..series"});
  return {tree, base, mbox};
}

// What the user's repository holds: checkout, refs, objects, git dir entries.
std::string repositoryState(const std::string &tree) {
  std::string state = checkoutState(tree) + git(tree, {"for-each-ref"}) +
                      git(tree, {"count-objects", "-v"});
  for (const auto &e : fs::directory_iterator(tree + "/.git")) state += e.path().filename().string() + "\n";
  return state;
}

nlohmann::json gateJson(const std::string &dir) {
  return nlohmann::json::parse(readFile(dir + "/kconv-gate.json"));
}

// Subject, In-Reply-To, References and To of a mail, read by Python's email
// parser: the reply must be a mail a mail program reads.
std::map<std::string, std::string> parseMail(const std::string &path) {
  std::string out = kconv::test::scratchDir() + "/mail-headers.txt";
  std::string cmd = "python3 -c 'import email,sys\n"
                    "m=email.message_from_binary_file(open(sys.argv[1],\"rb\"))\n"
                    "for k in (\"Subject\",\"In-Reply-To\",\"References\",\"To\",\"Message-ID\"): "
                    "print(k+\"=\"+str(m[k]))\n"
                    "print(\"Body=\"+str(len(m.get_payload(decode=True))))' '" +
                    path + "' > '" + out + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::map<std::string, std::string> headers;
  std::istringstream in(readFile(out));
  for (std::string line; std::getline(in, line);) {
    size_t eq = line.find('=');
    if (eq != std::string::npos) headers[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return headers;
}

// The Message-ID format-patch --thread gave the message with this subject.
std::string messageIdOf(const std::string &mbox, const std::string &subjectPart) {
  std::string text = readFile(mbox);
  size_t at = text.find(subjectPart);
  EXPECT_NE(at, std::string::npos);
  size_t start = text.rfind("\nFrom ", at);
  size_t id = text.find("\nMessage-Id: ", start);
  EXPECT_NE(id, std::string::npos);
  size_t end = text.find('\n', id + 1);
  return text.substr(id + 13, end - id - 13);
}

TEST(GateMail, MailboxIsGatedLikeItsBranchAndTheRepositoryGainsNothing) {
  Series s = makeSeries();
  std::string before = repositoryState(s.tree);
  std::string dirBranch = kconv::test::scratchDir() + "/report-branch";
  std::string dirMail = kconv::test::scratchDir() + "/report-mail";
  auto branch = runKconv({"gate", "master..series", "--tree", s.tree, "--no-build",
                          "--report-dir", dirBranch});
  auto mail = runKconv({"gate", "--mbox", s.mbox, "--tree", s.tree, "--no-build", "--report-dir",
                        dirMail});
  EXPECT_EQ(branch.exitCode, 1) << branch.err;
  EXPECT_EQ(mail.exitCode, 1) << mail.err;
  const nlohmann::json b = gateJson(dirBranch), m = gateJson(dirMail);
  ASSERT_EQ(m["commits"].size(), 3u);
  EXPECT_EQ(m["base"]["commit"], s.base) << "the base-commit: line of the cover letter";
  for (size_t i = 0; i < 3; ++i) {
    // Same trees, same findings, same verdicts; only the commit ids differ.
    EXPECT_EQ(m["commits"][i]["tree"], b["commits"][i]["tree"]) << i;
    EXPECT_EQ(m["commits"][i]["findings"], b["commits"][i]["findings"]) << i;
    EXPECT_EQ(m["commits"][i]["verdict"], b["commits"][i]["verdict"]) << i;
    EXPECT_EQ(m["commits"][i]["reasons"], b["commits"][i]["reasons"]) << i;
    EXPECT_EQ(m["commits"][i]["subject"], b["commits"][i]["subject"]) << i;
    EXPECT_NE(m["commits"][i].value("message_id", ""), "") << i;
  }
  EXPECT_EQ(repositoryState(s.tree), before) << "no branch, no object, no rebase-apply";
  // The failing third patch has its reply, threaded under it.
  std::vector<std::string> mails;
  for (const auto &e : fs::directory_iterator(dirMail + "/mail")) mails.push_back(e.path().string());
  ASSERT_EQ(mails.size(), 1u);
  auto h = parseMail(mails[0]);
  EXPECT_EQ(h["Subject"], "Re: [PATCH 3/3] mm/memremap: add pgmap_is_coherent");
  std::string id = messageIdOf(s.mbox, "[PATCH 3/3]");
  EXPECT_EQ(h["In-Reply-To"], id);
  EXPECT_NE(h["References"].find(id), std::string::npos);
  EXPECT_NE(h["To"].find("<"), std::string::npos);
  std::string body = readFile(mails[0]);
  EXPECT_NE(body.find("\n>> mm/memremap.c:"), std::string::npos) << body;
  EXPECT_NE(body.find("base:      " + s.base), std::string::npos) << body;
  EXPECT_NE(body.find("reproduce:"), std::string::npos) << body;
}

TEST(GateMail, APatchThatDoesNotApplyIsItsOwnVerdict) {
  Series s = makeSeries();
  std::string text = readFile(s.mbox);
  // Patch 2/3's context no longer matches the tree.
  size_t at = text.find("[PATCH 2/3]");
  size_t hunk = text.find("\n@@ ", at);
  size_t context = text.find("\n ", hunk + 1);
  text.insert(context + 2, "changed ");
  std::string broken = kconv::test::scratchDir() + "/broken.mbox";
  std::ofstream(broken) << text;
  std::string before = repositoryState(s.tree);
  std::string dir = kconv::test::scratchDir() + "/report-broken";
  auto run = runKconv({"gate", "--mbox", broken, "--tree", s.tree, "--no-build", "--report-dir", dir});
  EXPECT_EQ(run.exitCode, 1) << run.err;
  EXPECT_NE(run.out.find("does not apply"), std::string::npos) << run.out;
  const nlohmann::json j = gateJson(dir);
  ASSERT_EQ(j["commits"].size(), 2u) << "patch 1 gated, patch 2 its failure";
  EXPECT_EQ(j["commits"][0].value("apply_error", ""), "");
  EXPECT_NE(j["commits"][1].value("apply_error", ""), "");
  EXPECT_EQ(j["commits"][1]["commit"], "");
  EXPECT_EQ(j["commits"][1]["verdict"], "fail");
  EXPECT_EQ(j["not_run"].size(), 1u) << j.dump();
  EXPECT_EQ(repositoryState(s.tree), before);
  std::vector<std::string> mails;
  for (const auto &e : fs::directory_iterator(dir + "/mail")) mails.push_back(e.path().string());
  ASSERT_EQ(mails.size(), 1u);
  auto h = parseMail(mails[0]);
  EXPECT_EQ(h["In-Reply-To"], messageIdOf(broken, "[PATCH 2/3]"));
  EXPECT_NE(readFile(mails[0]).find("patch failed: mm/memremap.c"), std::string::npos);
}

TEST(GateMail, BadMailboxesAreOneLineErrors) {
  Series s = makeSeries();
  std::string noBase = kconv::test::scratchDir() + "/nobase.mbox";
  std::ofstream(noBase) << git(s.tree, {"format-patch", "--stdout", "master..series"});
  std::string empty = kconv::test::scratchDir() + "/empty.mbox";
  std::ofstream(empty) << "just text\n";
  for (const std::vector<std::string> &args :
       {std::vector<std::string>{"gate", "--mbox", noBase, "--tree", s.tree, "--no-build"},
        {"gate", "--mbox", empty, "--tree", s.tree, "--no-build", "--base", "master"},
        {"gate", "--mbox", s.mbox, "--tree", s.tree, "--no-build", "--base", "nosuch"},
        {"gate", "--mbox", kconv::test::scratchDir() + "/nosuch", "--tree", s.tree},
        {"gate", "--tree", s.tree}}) {
    auto run = runKconv(args);
    EXPECT_EQ(run.exitCode, 2) << args[2] << run.err;
    EXPECT_TRUE(kconv::test::endsWithOneErrorLine(run.err)) << run.err;
  }
  // Without a base-commit: line, --base names it.
  auto run = runKconv({"gate", "--mbox", noBase, "--tree", s.tree, "--no-build", "--base", "master"});
  EXPECT_EQ(run.exitCode, 1) << run.err;
}

// b4 prep --check pipes each patch of the series to the command, from the
// top of the tree; a line holding "ERROR:" fails it, "WARNING:" or "CHECK:"
// warns, no output passes (b4's own reading of checkpatch --terse).
TEST(CheckPatch, AnswersB4sPerPatchCheck) {
  Series s = makeSeries();
  git(s.tree, {"checkout", "-q", "series"});  // b4 prep works on the series branch
  std::vector<std::string> commits;
  std::istringstream list(git(s.tree, {"rev-list", "--reverse", "master..series"}));
  for (std::string c; std::getline(list, c);) commits.push_back(c);
  ASSERT_EQ(commits.size(), 3u);
  for (size_t i = 0; i < commits.size(); ++i) {
    std::string patch = kconv::test::scratchDir() + "/p" + std::to_string(i) + ".patch";
    std::ofstream(patch) << git(s.tree, {"format-patch", "-1", "--stdout", commits[i]});
    auto run = runKconv({"check-patch"}, s.tree, patch);
    EXPECT_EQ(run.err, "") << "b4 would read stderr as a result too";
    if (i < 2) {
      EXPECT_EQ(run.exitCode, 0) << i << run.out;
      EXPECT_EQ(run.out, "") << i;
      continue;
    }
    EXPECT_EQ(run.exitCode, 1) << run.out;
    EXPECT_TRUE(std::regex_search(run.out, std::regex(
                    "^mm/memremap\\.c:[0-9]+: WARNING: kconv: pgmap-type\\.[a-z_-]+: ")))
        << run.out;
    EXPECT_EQ(run.out.find("ERROR:"), std::string::npos);
  }
  // A patch that does not apply where it says it belongs: one ERROR: line.
  std::string text = git(s.tree, {"format-patch", "-1", "--stdout", commits[2]});
  text.replace(0, 45, "From 0000000000000000000000000000000000000000");
  size_t hunk = text.find("\n@@ ");
  text.insert(text.find("\n ", hunk + 1) + 2, "changed ");
  std::string patch = kconv::test::scratchDir() + "/broken.patch";
  std::ofstream(patch) << text;
  auto run = runKconv({"check-patch"}, s.tree, patch);
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_EQ(run.out.rfind("ERROR: kconv: patch does not apply", 0), 0u) << run.out;
  git(s.tree, {"checkout", "-q", "master"});
}

}  // namespace
