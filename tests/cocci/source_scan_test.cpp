// The lexical scan: identifiers outside comments and strings, with the
// context they are written in. Each case is a small C text and the
// occurrences it must give, as (line:column context).
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "cocci/source_scan.h"
#include "cocci/word_filter.h"
#include "kernel/process.h"

namespace kconv {
namespace {

ScanNames names() {
  ScanNames n;
  n.identifiers = {{"pte_devmap", "devmap"}, {"pmd_devmap", "devmap"},
                   {"CONFIG_ARCH_HAS_PTE_DEVMAP", "devmap"},
                   {"is_device_private_page", "pgmap-type"}};
  n.members = {{"mapping", "page-mapping"}, {"type", "pgmap-type"}};
  n.scope = {{"pgmap-type", {"dev_pagemap", "pgmap"}}};
  return n;
}

// "line:column context[/macro]" for each occurrence.
std::vector<std::string> scan(const std::string &text) {
  std::vector<std::string> out;
  for (const SourceOccurrence &o : scanSource("f.c", text, names())) {
    std::string s = std::to_string(o.location.line) + ":" + std::to_string(o.location.column) +
                    " " + o.name + " " + o.context;
    if (!o.macro.empty()) s += "/" + o.macro;
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(SourceScan, SkipsCommentsAndStrings) {
  EXPECT_EQ(scan("/* pte_devmap */ // pmd_devmap\n"
                 "char *s = \"pte_devmap\"; char c = 'x';\n"
                 "int x = pte_devmap(p);\n"),
            (V{"3:9 pte_devmap code"}));
}

TEST(SourceScan, CommentsSpanLinesAndContinuations) {
  EXPECT_EQ(scan("/* a\n pte_devmap\n*/ x = 1; // c \\\n pmd_devmap\n\tpmd_devmap(x);\n"),
            (V{"5:2 pmd_devmap code"}));
}

TEST(SourceScan, Directives) {
  EXPECT_EQ(scan("#ifdef CONFIG_ARCH_HAS_PTE_DEVMAP\n"
                 "#define pte_devmap(p) \\\n\t(pmd_devmap(p) || 0)\n"
                 "#elif defined(CONFIG_ARCH_HAS_PTE_DEVMAP) && X\n"
                 "#  undef pte_devmap\n"
                 "#if IS_ENABLED(CONFIG_ARCH_HAS_PTE_DEVMAP)\n"
                 "#include <pte_devmap.h>\n"
                 "#endif\n"),
            (V{"1:8 CONFIG_ARCH_HAS_PTE_DEVMAP condition",
               "2:9 pte_devmap define-name",
               "3:3 pmd_devmap define-body/pte_devmap",
               "4:15 CONFIG_ARCH_HAS_PTE_DEVMAP condition",
               "5:10 pte_devmap undef",
               "6:16 CONFIG_ARCH_HAS_PTE_DEVMAP condition-expr"}));
}

TEST(SourceScan, IfZeroIsDead) {
  EXPECT_EQ(scan("#if 0 /* old */\nx = pte_devmap(p);\n#else\ny = pte_devmap(p);\n#endif\n"),
            (V{"2:5 pte_devmap dead", "4:5 pte_devmap code"}));
}

TEST(SourceScan, PrototypesAreDeclarations) {
  EXPECT_EQ(scan("extern bool pte_devmap(pte_t pte) __must_check;\n"
                 "struct page *pmd_devmap(pmd_t *p, int (*f)(void));\n"
                 "static inline int pte_devmap(pte_t pte)\n{\n\treturn pmd_devmap(x);\n}\n"
                 "return pte_devmap(x);\n"),
            (V{"1:13 pte_devmap declaration", "2:14 pmd_devmap declaration",
               "3:19 pte_devmap code", "5:9 pmd_devmap code", "7:8 pte_devmap code"}));
}

TEST(SourceScan, NamesAsMembersAreNotUses) {
  EXPECT_EQ(scan("ops->pte_devmap(x); s.pmd_devmap = 1;\n"),
            (V{"1:6 pte_devmap member-name", "1:23 pmd_devmap member-name"}));
}

TEST(SourceScan, MemberAccessesNotDesignators) {
  EXPECT_EQ(scan("struct a_ops o = { .mapping = m, .x = 1 };\n"
                 "p->mapping = page[1].mapping; f(x)->\n  mapping;\n"
                 "#define M(p) ((p)->mapping)\nint mapping;\n"),
            (V{"2:4 mapping code", "2:22 mapping code", "3:3 mapping code",
               "4:20 mapping define-body/M"}));
}

TEST(SourceScan, ScopedMembersNeedTheScope) {
  EXPECT_EQ(scan("x = a->type;\n"), V{});
  EXPECT_EQ(scan("x = page->pgmap->type;\n"), (V{"1:18 type code"}));
}

TEST(SourceScan, NumbersAndLiteralPrefixes) {
  EXPECT_EQ(scan("x = 1e+5 + 0x1fULL + L'pte_devmap' + u8\"pmd_devmap\"; pte_devmap(1.5e-3);\n"),
            (V{"1:54 pte_devmap code"}));
}

TEST(SourceScan, NamesFromRulePack) {
  RulePack pack;
  pack.files.push_back({"d.json", "devmap", "devmap",
                        {{"names", {{{"name", "pte_devmap"}}}}}});
  pack.files.push_back({"p.json", "pgmap-type", "pgmap-type",
                        {{"record", "dev_pagemap"}, {"field", "type"},
                         {"predicates", {{{"name", "is_zone_device_page"}}}},
                         {"lexical_scope", {"pgmap"}}}});
  ScanNames n = scanNamesFrom(pack);
  EXPECT_EQ(n.identifiers.at("pte_devmap"), "devmap");
  EXPECT_EQ(n.identifiers.at("is_zone_device_page"), "pgmap-type");
  EXPECT_EQ(n.members.at("type"), "pgmap-type");
  EXPECT_EQ(n.scope.at("pgmap-type"), std::vector<std::string>{"pgmap"});
}

// Only files holding a needle as a whole word are lexed (coccicheck's
// gitgrep, in process): the same occurrences as lexing every file, and in
// a git work tree an untracked file is read too (git grep would not).
TEST(SourceScan, LexesTheFilesThatHoldANeedle) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / "kconv-scan-tree";
  fs::remove_all(root);
  fs::create_directories(root / "mm");
  fs::create_directories(root / "Documentation");
  std::ofstream(root / "mm/a.c") << "int x = pte_devmap(p);\n";
  std::ofstream(root / "mm/b.c") << "int y; /* xpte_devmap pte_devmap_ */ pte_dev\\\nmap(p);\n";
  std::ofstream(root / "mm/c.h") << "#define pmd_devmap(p) 0\n";
  std::ofstream(root / "Documentation/d.rst") << "pte_devmap\n";
  TreeScan walk = scanTree(root.string(), {}, names(), 2);
  EXPECT_EQ(walk.finder, "word-filter");
  EXPECT_EQ(walk.filesTotal, 3u);
  EXPECT_EQ(walk.filesRead, 2u);  // b.c holds no needle as a word
  ASSERT_EQ(walk.occurrences.size(), 2u);
  EXPECT_EQ(walk.occurrences[0].location.file, "mm/a.c");
  EXPECT_EQ(walk.occurrences[1].location.file, "mm/c.h");
  EXPECT_EQ(scanTree(root.string(), {"mm/c.h"}, names(), 1).occurrences.size(), 1u);
  // Every file lexed finds nothing more in b.c.
  EXPECT_TRUE(scanSource("mm/b.c", "int y; /* xpte_devmap pte_devmap_ */ pte_dev\\\nmap(p);\n",
                         names()).empty());

  if (findProgram("git").empty()) GTEST_SKIP() << "git is not installed";
  std::string git = "git -C " + root.string() + " ";
  ASSERT_EQ(std::system((git + "init -q && " + git + "add mm/a.c").c_str()), 0);
  TreeScan tracked = scanTree(root.string(), {}, names(), 2);
  EXPECT_EQ(tracked.filesRead, 2u);
  ASSERT_EQ(tracked.occurrences.size(), 2u);
  EXPECT_EQ(tracked.occurrences[1].location.file, "mm/c.h");  // untracked
  fs::remove_all(root);
}

TEST(WordFilter, NeedlesAreWholeWords) {
  WordFilter filter(names());
  EXPECT_TRUE(filter.mayHold("pte_devmap"));
  EXPECT_TRUE(filter.mayHold("x = !pmd_devmap(*pmd);"));
  EXPECT_FALSE(filter.mayHold("pte_devmapx _pte_devmap 1pte_devmap_"));
  EXPECT_FALSE(filter.mayHold(""));
  EXPECT_TRUE(filter.mayHold(std::string_view("\0\xffpte_devmap\x80", 13)));
}

}  // namespace
}  // namespace kconv
