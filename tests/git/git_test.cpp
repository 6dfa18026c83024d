// analyzers/git on small repositories made with the git command line.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "git/clean_worktree.h"
#include "git/commit_writer.h"
#include "git/line_map.h"
#include "git/repository.h"
#include "git/scratch_checkout.h"
#include "git/tree_diff.h"
#include "support/git_fixture.h"

namespace fs = std::filesystem;
using namespace kconv;
using namespace kconv::git;
using kconv::test::checkoutState;
using kconv::test::makeGitRepo;

namespace {

std::string repoDir(const std::string &name) {
  return kconv::test::gitScratchDir() + "/" + name + "/repo";
}

Signature sig() { return {"Kconv Test", "kconv@example.org", 1700000000, 60}; }

}  // namespace

TEST(Repository, OpensOnlyTheTopOfAWorkTree) {
  std::string dir = repoDir("open");
  makeGitRepo(dir, {{"mm/gup.c", "int x;\n"}});
  EXPECT_EQ(Repository::open(dir).workdir(), fs::canonical(dir).string());
  EXPECT_THROW(Repository::open(dir + "/mm"), GitError);
  EXPECT_THROW(Repository::open(kconv::test::gitScratchDir()), GitError);
}

TEST(Repository, ReportsTheFirstDirtyPath) {
  std::string dir = repoDir("dirty");
  makeGitRepo(dir, {{"a.c", "a\n"}, {"b.c", "b\n"}});
  Repository repo = Repository::open(dir);
  EXPECT_EQ(repo.firstDirtyPath(), "");
  std::ofstream(dir + "/b.c") << "changed\n";
  EXPECT_EQ(repo.firstDirtyPath(), "b.c");
  kconv::test::git(dir, {"checkout", "-q", "b.c"});
  std::ofstream(dir + "/new.c") << "untracked\n";
  EXPECT_EQ(repo.firstDirtyPath(), "new.c");
  fs::remove(dir + "/new.c");
  std::ofstream(dir + "/a.c") << "staged\n";
  kconv::test::git(dir, {"add", "a.c"});
  EXPECT_EQ(repo.firstDirtyPath(), "a.c");
}

TEST(CommitWriter, WritesABranchWithoutTouchingTheCheckout) {
  std::string dir = repoDir("write");
  makeGitRepo(dir, {{"mm/gup.c", "old\n"}, {"scripts/run.sh", "#!/bin/sh\n"}});
  kconv::test::git(dir, {"update-index", "--chmod=+x", "scripts/run.sh"});
  kconv::test::git(dir, {"commit", "-q", "-m", "exec"});
  std::string before = checkoutState(dir);
  Repository repo = Repository::open(dir);
  CommitInfo base = repo.commit("HEAD");

  std::string tree = writeTree(repo, base.tree,
                               {{"mm/gup.c", std::string("new\n")},
                                {"mm/new.c", std::string("added\n")},
                                {"scripts/run.sh", std::string("#!/bin/sh\necho\n")}});
  std::string id = writeCommit(repo, base.id, tree, sig(), sig(), "mm: test\n\nBody.\n");
  setBranch(repo, "kconv/test", id, false);

  EXPECT_EQ(checkoutState(dir), before);
  EXPECT_EQ(kconv::test::git(dir, {"rev-parse", "kconv/test"}), id + "\n");
  EXPECT_EQ(kconv::test::git(dir, {"show", "kconv/test:mm/gup.c"}), "new\n");
  EXPECT_EQ(kconv::test::git(dir, {"log", "-1", "--format=%an <%ae> %at %s", "kconv/test"}),
            "Kconv Test <kconv@example.org> 1700000000 mm: test\n");
  // The executable bit survives an edit.
  EXPECT_NE(kconv::test::git(dir, {"ls-tree", "kconv/test", "scripts/run.sh"}).find("100755"),
            std::string::npos);
  // Same inputs, same commit: reruns give identical ids.
  EXPECT_EQ(writeCommit(repo, base.id, tree, sig(), sig(), "mm: test\n\nBody.\n"), id);

  auto changes = changedFiles(repo, base.tree, tree);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].path, "mm/gup.c");
  EXPECT_EQ(changes[0].kind, FileChange::Modified);
  EXPECT_EQ(changes[1].path, "mm/new.c");
  EXPECT_EQ(changes[1].kind, FileChange::Added);
}

TEST(CommitWriter, RefusesTheCheckedOutBranchAndExistingOnes) {
  std::string dir = repoDir("refuse");
  makeGitRepo(dir, {{"a.c", "a\n"}});
  Repository repo = Repository::open(dir);
  std::string head = repo.headCommit();
  EXPECT_THROW(setBranch(repo, "main", head, true), GitError);
  setBranch(repo, "topic", head, false);
  EXPECT_THROW(setBranch(repo, "topic", head, false), GitError);
  EXPECT_NO_THROW(setBranch(repo, "topic", head, true));
  EXPECT_THROW(setBranch(repo, "bad..name", head, true), GitError);
}

TEST(ScratchCheckout, HoldsExactlyTheRequestedTree) {
  std::string dir = repoDir("scratch");
  makeGitRepo(dir, {{"a.c", "a\n"}, {"sub/b.h", "b\n"}});
  Repository repo = Repository::open(dir);
  CommitInfo base = repo.commit("HEAD");
  std::string next = writeTree(repo, base.tree,
                               {{"sub/b.h", std::string("b2\n")}, {"a.c", std::nullopt}});
  std::string out = kconv::test::gitScratchDir() + "/scratch/checkout";

  ScratchCheckout co(repo, out);
  EXPECT_EQ(co.moveTo(base.tree), 2u);
  EXPECT_EQ(readFile(out + "/a.c"), "a\n");
  EXPECT_EQ(co.moveTo(base.tree), 0u);  // already there
  EXPECT_EQ(co.moveTo(next), 2u);  // only the two differences
  EXPECT_FALSE(fs::exists(out + "/a.c"));
  EXPECT_EQ(readFile(out + "/sub/b.h"), "b2\n");
  EXPECT_EQ(co.moveTo(base.tree), 2u);
  EXPECT_EQ(readFile(out + "/a.c"), "a\n");
  EXPECT_EQ(readFile(out + "/sub/b.h"), "b\n");
}

// The directory last held a tree this repository cannot read (applied
// from a mailbox into kconv's private object directory): start over.
TEST(ScratchCheckout, StartsOverFromATreeTheRepositoryDoesNotHave) {
  std::string dir = repoDir("scratch-missing");
  makeGitRepo(dir, {{"a.c", "a\n"}});
  Repository repo = Repository::open(dir);
  CommitInfo base = repo.commit("HEAD");
  std::string out = kconv::test::gitScratchDir() + "/scratch-missing/checkout";
  ScratchCheckout co(repo, out);
  co.moveTo(base.tree);
  std::ofstream(out + "/stale.c") << "from the other tree\n";
  std::ofstream(out + "/.kconv-tree") << std::string(40, 'e');
  EXPECT_EQ(co.moveTo(base.tree), 1u) << "every file written again";
  EXPECT_FALSE(fs::exists(out + "/stale.c"));
  EXPECT_EQ(readFile(out + "/a.c"), "a\n");
}

// The first checkout writes every file on every core: nested directories,
// modes and symlinks come out as git has them.
TEST(ScratchCheckout, AWholeTreeKeepsDirectoriesModesAndLinks) {
  std::string dir = repoDir("scratch-whole");
  std::map<std::string, std::string> files;
  for (int d = 0; d < 20; ++d)
    for (int f = 0; f < 30; ++f)
      files["d" + std::to_string(d) + "/e/f" + std::to_string(f) + ".c"] =
          std::string(static_cast<size_t>(f * 100), 'x') + std::to_string(d) + "\n";
  files["scripts/run.sh"] = "#!/bin/sh\n";
  makeGitRepo(dir, files);
  fs::permissions(dir + "/scripts/run.sh", fs::perms::owner_exec, fs::perm_options::add);
  fs::create_symlink("../d1/e/f2.c", dir + "/scripts/link.c");
  kconv::test::git(dir, {"add", "-A"});
  kconv::test::git(dir, {"commit", "-q", "-m", "modes and a link"});
  Repository repo = Repository::open(dir);
  std::string out = kconv::test::gitScratchDir() + "/scratch-whole/checkout";
  ScratchCheckout co(repo, out);
  EXPECT_EQ(co.moveTo(repo.commit("HEAD").tree), files.size() + 1);
  for (const auto &[path, content] : files) EXPECT_EQ(readFile(out + "/" + path), content) << path;
  EXPECT_NE(fs::status(out + "/scripts/run.sh").permissions() & fs::perms::owner_exec,
            fs::perms::none);
  EXPECT_EQ(fs::status(out + "/d0/e/f0.c").permissions() & fs::perms::owner_exec,
            fs::perms::none);
  ASSERT_TRUE(fs::is_symlink(out + "/scripts/link.c"));
  EXPECT_EQ(fs::read_symlink(out + "/scripts/link.c"), "../d1/e/f2.c");
}

namespace {

// A file's mtime set to `when` (its ctime moves to now).
void setMtime(const std::string &path, struct timespec when) {
  struct timespec times[2] = {when, when};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

git_oid blobId(const std::string &repo, const std::string &path) {
  std::string hex = kconv::test::git(repo, {"rev-parse", "HEAD:" + path});
  return fromHex(hex.substr(0, 40));
}

// What CleanWorkTree::copyTo wrote, or nullopt when it refused.
std::optional<std::string> copied(const CleanWorkTree &clean, const std::string &repo,
                                  const std::string &path, bool executable = false,
                                  std::string out = kconv::test::gitScratchDir() + "/copied") {
  int fd = ::open(out.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  EXPECT_GE(fd, 0);
  bool ok = clean.copyTo(path, blobId(repo, path), executable, fd);
  struct stat st;
  ::fstat(fd, &st);
  ::close(fd);
  if (!ok) {
    EXPECT_EQ(st.st_size, 0) << path << ": a refused copy leaves the file empty";
    return std::nullopt;
  }
  return readFile(out);
}

}  // namespace

// The first checkout copies the user's files only where git would call
// them clean; whatever else is taken from the blobs. Nothing of the user's
// is changed.
TEST(CleanWorkTree, CopiesOnlyWhatGitWouldCallClean) {
  std::string dir = repoDir("clean");
  makeGitRepo(dir, {{"clean.c", "clean\n"}, {"grown.c", "grown\n"}, {"same.c", "same\n"},
                    {"gone.c", "gone\n"}, {"run.sh", "#!/bin/sh\n"}, {"linked.c", "linked\n"},
                    {"future.c", "future\n"}, {"fifo.c", "fifo\n"}});
  // An entry written no earlier than the index itself is racily clean: its
  // stat cannot show a change made in the same instant.
  setMtime(dir + "/future.c", {time(nullptr) + 3600, 0});
  kconv::test::git(dir, {"add", "future.c"});
  Repository repo = Repository::open(dir);
  std::ofstream(dir + "/grown.c", std::ios::app) << "more\n";
  // Same size, mtime put back: only the ctime (and git) can tell.
  struct stat before;
  ASSERT_EQ(::stat((dir + "/same.c").c_str(), &before), 0);
  std::ofstream(dir + "/same.c") << "SAME\n";
  setMtime(dir + "/same.c", before.st_mtim);
  fs::remove(dir + "/gone.c");
  fs::remove(dir + "/linked.c");
  fs::create_symlink("clean.c", dir + "/linked.c");
  // A FIFO where git has a file: opening it to read would wait for a writer.
  fs::remove(dir + "/fifo.c");
  ASSERT_EQ(::mkfifo((dir + "/fifo.c").c_str(), 0644), 0);
  std::string state = kconv::test::checkoutState(dir);

  CleanWorkTree clean(repo);
  EXPECT_EQ(copied(clean, dir, "clean.c"), "clean\n");
  EXPECT_EQ(copied(clean, dir, "grown.c"), std::nullopt);
  EXPECT_EQ(copied(clean, dir, "same.c"), std::nullopt);
  EXPECT_EQ(copied(clean, dir, "gone.c"), std::nullopt);
  EXPECT_EQ(copied(clean, dir, "linked.c"), std::nullopt);
  EXPECT_EQ(copied(clean, dir, "future.c"), std::nullopt);
  EXPECT_EQ(copied(clean, dir, "fifo.c"), std::nullopt);
  EXPECT_EQ(copied(clean, dir, "clean.c", true), std::nullopt) << "not executable in git";
  git_oid other = blobId(dir, "grown.c");
  int fd = ::open((kconv::test::gitScratchDir() + "/other").c_str(),
                  O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  EXPECT_FALSE(clean.copyTo("clean.c", other, false, fd)) << "another blob";
  ::close(fd);

  std::string out = kconv::test::gitScratchDir() + "/clean/checkout";
  ScratchCheckout co(repo, out);
  co.moveTo(repo.commit("HEAD").tree);
  for (const char *f :
       {"clean.c", "grown.c", "same.c", "gone.c", "run.sh", "linked.c", "future.c", "fifo.c"})
    EXPECT_EQ(readFile(out + "/" + f), *repo.readFile(repo.commit("HEAD").tree, f)) << f;
  EXPECT_FALSE(fs::is_symlink(out + "/linked.c"));
  EXPECT_EQ(kconv::test::checkoutState(dir), state) << "the user's checkout is untouched";
  EXPECT_EQ(readFile(dir + "/same.c"), "SAME\n");
}

// The kernel copies only within one file system (EXDEV otherwise): the
// copy then reads and writes, with the same checks.
TEST(CleanWorkTree, CopiesAcrossFileSystems) {
  std::string dir = repoDir("clean-across");
  makeGitRepo(dir, {{"clean.c", std::string(200000, 'c') + "\n"}});
  struct stat here, shm;
  if (::stat(dir.c_str(), &here) != 0 || ::stat("/dev/shm", &shm) != 0 || here.st_dev == shm.st_dev)
    GTEST_SKIP() << "no second file system at /dev/shm";
  std::string out = "/dev/shm/kconv-test-copied-" + std::to_string(::getpid());
  Repository repo = Repository::open(dir);
  EXPECT_EQ(copied(CleanWorkTree(repo), dir, "clean.c", false, out), std::string(200000, 'c') + "\n");
  fs::remove(out);
}

TEST(LineMap, FollowsUnchangedLinesAcrossAnEdit) {
  LineMap m("a\nb\nc\nd\ne\n", "a\nB\nx\nc\ne\n");
  EXPECT_EQ(m.map(1), 1u);
  EXPECT_FALSE(m.map(2)) << "changed";
  EXPECT_EQ(m.map(3), 4u) << "after an insertion";
  EXPECT_FALSE(m.map(4)) << "removed";
  EXPECT_EQ(m.map(5), 5u);
  LineMap same("a\nb\n", "a\nb\n");
  EXPECT_EQ(same.map(2), 2u);
  EXPECT_TRUE(same.hunks().empty());
}
