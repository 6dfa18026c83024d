// OCaml's collector settings for spatch: when kconv sets them, and that
// they reach every spatch process (a stand-in spatch that prints its
// OCAMLRUNPARAM in each record).
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "cocci/spatch_gc.h"
#include "cocci/spatch_runner.h"
#include "stand_in_spatch.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

constexpr uint64_t GiB = 1ull << 30;

TEST(SpatchGc, SetWhenEachProcessMayHaveFourGiB) {
  EXPECT_EQ(spatchGcEnvironment(GcContext{2, 24 * GiB, false}),
            (std::vector<std::string>{"OCAMLRUNPARAM=o=600"}));
  EXPECT_EQ(spatchGcEnvironment(GcContext{4, 16 * GiB, false}).size(), 1u);
  EXPECT_EQ(spatchGcEnvironment(GcContext{0, 4 * GiB, false}).size(), 1u);  // -j 0 is one
}

TEST(SpatchGc, LeftToOCamlWhenMemoryIsShortOrUnknown) {
  EXPECT_TRUE(spatchGcEnvironment(GcContext{8, 24 * GiB, false}).empty());
  EXPECT_TRUE(spatchGcEnvironment(GcContext{1, 3 * GiB, false}).empty());
  EXPECT_TRUE(spatchGcEnvironment(GcContext{1, 0, false}).empty());
}

TEST(SpatchGc, NeverOverTheUsersOwnSetting) {
  EXPECT_TRUE(spatchGcEnvironment(GcContext{1, 64 * GiB, true}).empty());
  const char *saved = std::getenv("OCAMLRUNPARAM");
  std::string keep = saved ? saved : "";
  ::setenv("OCAMLRUNPARAM", "", 1);  // set, even empty: OCaml's defaults
  EXPECT_TRUE(spatchGcEnvironment(1).empty());
  ::unsetenv("OCAMLRUNPARAM");
  const char *savedCaml = std::getenv("CAMLRUNPARAM");
  ::setenv("CAMLRUNPARAM", "o=80", 1);
  EXPECT_TRUE(spatchGcEnvironment(1).empty());
  if (savedCaml) ::setenv("CAMLRUNPARAM", savedCaml, 1); else ::unsetenv("CAMLRUNPARAM");
  if (saved) ::setenv("OCAMLRUNPARAM", keep.c_str(), 1);
}

// Each record's text is the OCAMLRUNPARAM its process saw ("unset" if none).
fs::path echoingSpatch() {
  return standInSpatch("kconv-gc-spatch",
                       "  echo \"$f:1:0-3: devmap.pte_devmap [use] in f(): ${OCAMLRUNPARAM-unset}\"\n");
}

TEST(SpatchGc, EveryProcessGetsTheSettings) {
  SpatchSettings s;
  s.program = echoingSpatch().string();
  s.batchSize = 1;
  s.jobs = 2;
  s.environment = {"OCAMLRUNPARAM=o=600"};
  SpatchRun run = runSpatch(s, {"/t/a.c", "/t/b.c", "/t/c.c"});
  ASSERT_EQ(run.records.size(), 3u);
  for (const CocciRecord &r : run.records) EXPECT_EQ(r.text, "o=600") << r.file;
  s.environment.clear();
  if (!std::getenv("OCAMLRUNPARAM")) {
    run = runSpatch(s, {"/t/a.c"});
    ASSERT_EQ(run.records.size(), 1u);
    EXPECT_EQ(run.records[0].text, "unset");
  }
}

}  // namespace
}  // namespace kconv
