// Small git repositories for tests, made with the git command line (not
// with the libgit2 code under test), with fixed identities and dates.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kconv::test {

// A scratch directory of this test process (ctest runs tests in parallel
// processes, which must not share files).
std::string gitScratchDir();

// Runs `git -C dir args...`; returns stdout, fails the test on exit != 0.
std::string git(const std::string &dir, const std::vector<std::string> &args);

// `git init` in `dir` (created), writes `files` (path -> content) and
// commits them on branch "main" as "Test <test@example.org>".
void makeGitRepo(const std::string &dir, const std::map<std::string, std::string> &files);

// A git repository of a copy of `fixture` that kconv takes for a kernel
// tree: top Makefile, Kconfig, arch/x86, user.name/user.email in its
// config, and an ignored compile_commands.json compiling every .c file
// (clang -nostdinc -Iinclude). Returns its path.
std::string makeKernelFixtureRepo(const std::string &fixture, const std::string &dir);

// makeKernelFixtureRepo of fixtures/mini-kernel at `dir`, with
// the Kbuild stand-in appended to its Makefile (its "build" really compiles
// every .c file) and mm/broken.c (propose's never-compiling TU) removed, in
// the one commit on "master": the gate's miniature kernel repository.
std::string makeGateFixtureRepo(const std::string &dir);

// Replaces the first `from` in tree/path by `to`; fails the test without one.
void replaceIn(const std::string &tree, const std::string &path, const std::string &from,
               const std::string &to);

// Commits every change with `subject`, a body and a sign-off.
void commitAll(const std::string &tree, const std::string &subject);

// Every byte that says what the user has checked out: HEAD, the index, the
// refs of the checked-out branch and each tracked file's content.
std::string checkoutState(const std::string &dir);

}  // namespace kconv::test
