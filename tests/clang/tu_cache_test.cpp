// clang/tu_cache on files written by the test: what an entry keeps of the
// files a TU read, inside the tree and outside it.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clang/tu_cache.h"

namespace fs = std::filesystem;
using namespace kconv;

namespace {

void write(const std::string &path, const std::string &text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
}

}  // namespace

// Files under the root are kept relative to it (another copy of the tree
// finds them), others as they are; a change to either invalidates the
// entry, and a path the entry format cannot hold is not kept at all.
TEST(TuCache, KeepsFilesInsideAndOutsideTheTree) {
  std::string base = (fs::path(::testing::TempDir()) / "tu-cache-unit").lexically_normal();
  fs::remove_all(base);
  std::string root = base + "/tree", outside = base + "/sysroot/stddef.h";
  write(root + "/mm/a.c", "int a;\n");
  write(root + "/include/a b.h", "int b;\n");  // a space in a path
  write(outside, "int size_a;\n");
  RulePack rules;
  CompileCommand cc{root, {"clang", "-c", "mm/a.c"}, root + "/mm/a.c", "mm/a.o"};
  std::vector<std::string> files = {root + "/mm/a.c", root + "/include/a b.h", outside};
  TuResult result;
  result.file = "mm/a.c";
  result.parsed = true;
  {
    TuCache cache(base + "/cache", rules, root);
    cache.store(cc, files, &result);
  }
  {
    TuCache cache(base + "/cache", rules, root);
    auto entry = cache.load(cc);
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->files, files);
    ASSERT_TRUE(entry->result);
    EXPECT_EQ(entry->result->file, "mm/a.c");
  }
  write(outside, "int size_b;\n");  // same size, other content
  fs::last_write_time(outside, fs::last_write_time(outside) + std::chrono::seconds(5));
  {
    TuCache cache(base + "/cache", rules, root);
    EXPECT_FALSE(cache.load(cc)) << "a file outside the tree changed";
  }
  std::string odd = root + "/include/new\nline.h";
  write(odd, "int c;\n");
  write(root + "/mm/b.c", "int b;\n");
  CompileCommand other{root, {"clang", "-c", "mm/b.c"}, root + "/mm/b.c", "mm/b.o"};
  {
    TuCache cache(base + "/cache", rules, root);
    cache.store(other, {root + "/mm/b.c"}, &result);
    ASSERT_TRUE(cache.load(other));
    cache.store(other, {root + "/mm/b.c", odd}, &result);
  }
  TuCache cache(base + "/cache", rules, root);
  auto entry = cache.load(other);
  ASSERT_TRUE(entry) << "the version before is still there";
  EXPECT_EQ(entry->files, std::vector<std::string>{root + "/mm/b.c"}) << "not kept: a newline in a path";
  fs::remove_all(base);
}
