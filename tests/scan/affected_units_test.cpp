// Which TUs a change can affect, under the three callers' policies (gate
// delta, propose rescan, propose compile check): scan/affected_units.h.
#include <gtest/gtest.h>

#include "scan/affected_units.h"

using namespace kconv;

namespace {

std::vector<CompileCommand> database() {
  std::vector<CompileCommand> db;
  for (const char *f : {"mm/gup.c", "mm/memremap.c", "fs/dax.c", "drivers/dax/device.c"}) {
    CompileCommand c;
    c.directory = "/t";
    c.file = std::string("/t/") + f;
    db.push_back(c);
  }
  return db;
}

// memremap.h is read by every TU but gup.c; mm/internal.c by memremap.c.
std::vector<size_t> includers(const std::string &f) {
  if (f == "include/linux/memremap.h") return {1, 2, 3};
  if (f == "mm/internal.c") return {1};
  return {};
}

std::vector<size_t> keys(const UnitSelection &s) {
  std::vector<size_t> out;
  for (const auto &[i, why] : s.units) out.push_back(i);
  return out;
}

}  // namespace

TEST(AffectedUnits, GateTakesEveryIncluderAndPathsLimitEveryTu) {
  std::vector<CompileCommand> db = database();
  SourceUnits sources(db, "/t");
  SelectionPolicy gate;
  gate.pathsLimitTouched = true;
  UnitSelection all = selectUnits({"mm/gup.c", "include/linux/memremap.h", "README"}, sources,
                                  includers, gate);
  EXPECT_EQ(keys(all), (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_EQ(all.units.at(0), "touched");
  EXPECT_EQ(all.units.at(2), "includes include/linux/memremap.h");
  EXPECT_TRUE(all.unread.empty()) << "README is no source";

  gate.paths = {"mm"};
  UnitSelection mm = selectUnits({"fs/dax.c", "include/linux/memremap.h"}, sources, includers, gate);
  EXPECT_EQ(keys(mm), (std::vector<size_t>{1}));
  EXPECT_EQ(mm.outsidePaths, 2u) << "fs/dax.c and drivers/dax/device.c, each once";

  UnitSelection orphan = selectUnits({"include/linux/unused.h"}, sources, includers, gate);
  EXPECT_EQ(orphan.unread, std::vector<std::string>{"include/linux/unused.h"});
}

TEST(AffectedUnits, RescanNeedsOneTuPerFile) {
  std::vector<CompileCommand> db = database();
  SourceUnits sources(db, "/t/");
  SelectionPolicy rescan;
  rescan.oneIncluder = true;
  UnitSelection one = selectUnits({"include/linux/memremap.h"}, sources, includers, rescan);
  EXPECT_EQ(keys(one), (std::vector<size_t>{1}));
  UnitSelection covered =
      selectUnits({"include/linux/memremap.h", "fs/dax.c"}, sources, includers, rescan);
  EXPECT_EQ(keys(covered), (std::vector<size_t>{2})) << "fs/dax.c's TU already reads the header";
}

TEST(AffectedUnits, CompileCheckBuildsTouchedTusAndIncludersOfHeadersUnderPaths) {
  std::vector<CompileCommand> db = database();
  SourceUnits sources(db, "/t");
  SelectionPolicy check;
  check.headersOnly = true;
  check.paths = {"fs"};
  UnitSelection s = selectUnits({"mm/gup.c", "mm/internal.c", "include/linux/memremap.h"},
                                sources, includers, check);
  EXPECT_EQ(keys(s), (std::vector<size_t>{0, 2})) << "touched always; includers under fs only";
  EXPECT_EQ(s.unread, std::vector<std::string>{"mm/internal.c"}) << "a .c file without a TU";
  EXPECT_EQ(s.outsidePaths, 2u);
  EXPECT_EQ(sources.fileOf(3), "drivers/dax/device.c");
}
