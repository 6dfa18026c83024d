// The compile database from `make -n` output, on lines recorded from a real
// v6.12 dry run (tree path replaced by /SRC): a kernel C file, a module C
// file, a host tool and an assembler file.
#include <filesystem>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "kernel/compile_db.h"
#include "kernel/shell_words.h"
#include "core/errors.h"

namespace kconv {
namespace {

TEST(ShellWords, SplitsCommandsAndKeepsQuotedWordsWhole) {
  auto cmds = splitShellCommands(
      "set -e; echo '  CC  a.o'; cc -DX='\"a b\"' -c a.c ; fixdep a.d 'cc -c a.c' && x \"q\\\"s\"");
  ASSERT_EQ(cmds.size(), 5u);
  EXPECT_EQ(cmds[1], (ShellCommand{"echo", "  CC  a.o"}));
  EXPECT_EQ(cmds[2], (ShellCommand{"cc", "-DX=\"a b\"", "-c", "a.c"}));
  EXPECT_EQ(cmds[3], (ShellCommand{"fixdep", "a.d", "cc -c a.c"}));
  EXPECT_EQ(cmds[4], (ShellCommand{"x", "q\"s"}));
}

TEST(ShellWords, QuoteRoundTrips) {
  std::string word = "it's \"x\" y";
  auto cmds = splitShellCommands("echo " + shellQuote(word) + " " + shellQuote("plain-1.c"));
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0][1], word);
  EXPECT_EQ(shellQuote("plain-1.c"), "plain-1.c");
}

TEST(CompileDb, KeepsKernelCFilesOnly) {
  std::string text = readFile(KCONV_TEST_FIXTURES "/kernel/dry-run-6.12.txt");
  auto db = parseDryRun(text, "clang", "/BUILD");
  ASSERT_EQ(db.size(), 2u);  // mm/gup.c and lib/test_hmm.c; not modpost, not entry_64.S
  EXPECT_EQ(db[0].file, "/SRC/lib/test_hmm.c");
  EXPECT_EQ(db[1].file, "/SRC/mm/gup.c");
  EXPECT_EQ(db[1].output, "mm/gup.o");
  EXPECT_EQ(db[1].directory, "/BUILD");
  const auto &args = db[1].arguments;
  EXPECT_EQ(args.front(), "clang");
  EXPECT_EQ(args.back(), "/SRC/mm/gup.c");
  // The quoted macro definitions arrive unquoted, as the compiler sees them.
  EXPECT_NE(std::find(args.begin(), args.end(), "-DKBUILD_MODNAME=\"gup\""), args.end());
  // The copy of the command quoted for fixdep is not a second compilation.
  EXPECT_EQ(std::count(args.begin(), args.end(), "-c"), 1);
}

TEST(CompileDb, WritesAndReadsBack) {
  std::string text = readFile(KCONV_TEST_FIXTURES "/kernel/dry-run-6.12.txt");
  auto db = parseDryRun(text, "clang", "/BUILD");
  std::string path = ::testing::TempDir() + "/cc.json";
  writeCompileDatabase(path, db);
  auto back = loadCompileDatabase(path);
  ASSERT_EQ(back.size(), db.size());
  EXPECT_EQ(back[1].arguments, db[1].arguments);
}

TEST(CompileDb, ReadsCommandStringsAsTheKernelScriptWritesThem) {
  std::string path = ::testing::TempDir() + "/cc2.json";
  writeFileAtomically(path, R"([{"directory": "/B", "file": "mm/x.c",
    "command": "clang -DKBUILD_MODNAME='\"x\"' -c -o mm/x.o mm/x.c"},
    {"directory": "/B", "file": "arch/x86/a.S", "command": "clang -c a.S"}])");
  auto db = loadCompileDatabase(path);
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].file, "/B/mm/x.c");
  EXPECT_EQ(db[0].arguments[1], "-DKBUILD_MODNAME=\"x\"");
}

TEST(CompileDb, MalformedDatabaseIsAnInputError) {
  std::string path = ::testing::TempDir() + "/bad.json";
  writeFileAtomically(path, "{not json");
  EXPECT_THROW(loadCompileDatabase(path), InputError);
}

}  // namespace
}  // namespace kconv
