// The pieces every reader and writer of outside data goes through:
// text_escape (valid UTF-8, no control bytes, bounded excerpts), json_reader
// (types and ranges named by key), regex (RE2: no blow-up, no recursion) and
// atomic_file (what -o may and may not replace).
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/json_reader.h"
#include "core/regex.h"
#include "core/text_escape.h"

namespace fs = std::filesystem;
using namespace kconv;

TEST(TextEscape, InvalidUtf8BecomesTheReplacementCharacter) {
  EXPECT_EQ(validUtf8("caf\xe9"), "caf\xef\xbf\xbd");
  EXPECT_EQ(validUtf8("caf\xc3\xa9"), "caf\xc3\xa9") << "valid UTF-8 stays";
  EXPECT_EQ(validUtf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd") << "no surrogates";
  EXPECT_EQ(validUtf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd") << "no overlong forms";
}

TEST(TextEscape, ControlBytesAreEscapedForTerminalsAndMail) {
  EXPECT_EQ(escapeControls("a\x1b[31mb\tc\nd"), "a\\x1b[31mb\tc\nd");
  EXPECT_EQ(escapeLine("a\nb\rc"), "a\\x0ab\\x0dc");
}

TEST(TextEscape, ExcerptsAreBoundedAndCutAtACharacter) {
  EXPECT_EQ(excerpt("short", 10), "short");
  std::string cut = excerpt(std::string(3, 'a') + "\xc3\xa9" + "bbbb", 4);
  EXPECT_EQ(cut, "aaa [...]") << "never half of a UTF-8 sequence";
}

TEST(JsonReader, NamesTheKeyPathOfEachMismatch) {
  nlohmann::json j = nlohmann::json::parse(R"({"a": [{"n": 1}, {"n": "x"}], "b": 99999999999})");
  JsonReader r(j, "f.json");
  EXPECT_EQ(r.at("a")[0].integer("n", 0, 10), 1);
  try {
    r.at("a")[1].integer("n", 0, 10);
    FAIL();
  } catch (const InputError &e) {
    EXPECT_STREQ(e.what(), "f.json: a[1].n: expected an integer from 0 to 10");
  }
  EXPECT_THROW(r.integer("b", 0, 0x7fffffff), InputError) << "no silent wrap to 32 bits";
  EXPECT_THROW(r.string("missing"), InputError);
  EXPECT_EQ(r.string("missing", "dflt"), "dflt");
  EXPECT_THROW(JsonReader::parse("{ not", "f.json"), InputError);
}

TEST(Regex, LinearOnPatternsThatMakeBacktrackersExplode) {
  Regex nested("(a+)+x");
  ASSERT_TRUE(nested.ok());
  EXPECT_FALSE(nested.search(std::string(100000, 'a')));  // instant with RE2
  Regex wide("^(a|b)*$");
  EXPECT_TRUE(wide.fullMatch(std::string(1 << 20, 'a'))) << "no recursion: no stack overflow";
  EXPECT_FALSE(Regex("(unclosed").ok());
  Regex::Match m;
  ASSERT_TRUE(Regex(R"((\d+) errors, (\d+) warnings(, (\d+) checks)?)").search("3 errors, 4 warnings", &m));
  EXPECT_EQ(m[1], "3");
  EXPECT_FALSE(m.matched(4));
  EXPECT_EQ(Regex(R"(^\[\s*\d+\.\d+\] ?)").eraseFirst("[   1.25] hello"), "hello");
}

TEST(Regex, SearchAllTakesEveryMatchAndEndsOnEmptyOnes) {
  std::vector<Regex::Match> all = Regex(R"((\w+)=(\d+))").searchAll("a=1, b=22 c=x d=3");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0][1], "a");
  EXPECT_EQ(all[1][2], "22");
  EXPECT_EQ(all[2][1], "d");
  EXPECT_TRUE(Regex("z").searchAll("abc").empty());
  EXPECT_EQ(Regex("x*").searchAll("ab").size(), 3u) << "empty matches at 0, 1 and the end";
}

TEST(AtomicFile, ReplacesRegularFilesOnlyAndLeavesNoTemporary) {
  fs::path dir = fs::path(::testing::TempDir()) / ("kconv-atomic-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string file = (dir / "r.json").string();
  writeFileAtomically(file, "one");
  ::chmod(file.c_str(), 0640);
  writeFileAtomically(file, "two");
  EXPECT_EQ(readFile(file), "two");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read)
      << "an existing file keeps its mode";
  fs::create_symlink("r.json", dir / "link");
  writeFileAtomically((dir / "link").string(), "three");
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_EQ(readFile(file), "three");
  fs::create_symlink("new.json", dir / "dangling");
  writeFileAtomically((dir / "dangling").string(), "four");
  EXPECT_EQ(readFile((dir / "new.json").string()), "four") << "a dangling link creates its target";
  EXPECT_THROW(writeFileAtomically(dir.string(), "x"), InputError);
  EXPECT_THROW(writeFileAtomically((dir / "no/such/dir/x").string(), "x"), InputError);
  // Devices and FIFOs: tests/hostile (with a device node of its own).
  for (const auto &e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".kconv-"), std::string::npos) << e.path();
}
