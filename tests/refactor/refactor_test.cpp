// The pure parts of analyzers/refactor: MAINTAINERS matching, subject
// prefixes, conversion planning, the flag-introduction edits and command
// relocation.
#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/rule_pack.h"
#include "kernel/command_relocate.h"
#include "refactor/conversion_plan.h"
#include "refactor/flag_intro.h"
#include "kernel/maintainers.h"
#include "kernel/maintainers_matcher.h"
#include "refactor/pgmap_rules.h"
#include "refactor/series.h"
#include "refactor/identifiers.h"
#include "refactor/subject_prefix.h"

using namespace kconv;
using namespace kconv::refactor;

namespace {

const char *kMaintainers = R"(List of maintainers
	M: *Mail* patches to: FullName <address@domain>

HMM - Heterogeneous Memory Management
L:	linux-mm@kvack.org
F:	include/linux/hmm*
F:	lib/test_hmm*

MEMORY MANAGEMENT
L:	linux-mm@kvack.org
F:	include/linux/mm.h
F:	mm/
N:	include/linux/page[-_]*

MEMORY MANAGEMENT - GUP
F:	mm/gup.c

DRM DRIVERS
F:	drivers/gpu/
X:	drivers/gpu/drm/nouveau/
)";

Site site(const std::string &rule, const std::string &behaviour, unsigned line,
          std::set<std::string> types, const std::string &function = "f") {
  Site s;
  s.finding.rule = rule;
  s.finding.category = "pgmap-type";
  s.finding.location = {"mm/x.c", line, 5};
  s.finding.function = function;
  s.behaviour = behaviour;
  s.types = std::move(types);
  return s;
}

const std::string P = "MEMORY_DEVICE_PRIVATE", C = "MEMORY_DEVICE_COHERENT";

}  // namespace

// propose splits a series by the section get_maintainer.pl names first
// (kernel/maintainers_matcher.h), as `kconv report` groups sites.
TEST(Maintainers, PicksTheMostSpecificEntry) {
  Maintainers parsed = parseMaintainers(kMaintainers, "MAINTAINERS");
  ASSERT_EQ(parsed.sections.size(), 4u);
  EXPECT_EQ(parsed.sections[1].title, "MEMORY MANAGEMENT");
  EXPECT_EQ(parsed.sections[1].values('L'), std::vector<std::string>{"linux-mm@kvack.org"});
  SubsystemOf of = subsystemOf(kMaintainers, "/nonexistent");
  EXPECT_EQ(of("mm/gup.c"), "MEMORY MANAGEMENT - GUP");
  EXPECT_EQ(of("mm/rmap.c"), "MEMORY MANAGEMENT");
  EXPECT_EQ(of("lib/test_hmm.c"), "HMM - Heterogeneous Memory Management");
  EXPECT_EQ(of("include/linux/page_ref.h"), "MEMORY MANAGEMENT") << "N:";
  EXPECT_EQ(of("drivers/gpu/drm/amd/x.c"), "DRM DRIVERS");
  EXPECT_EQ(of("drivers/gpu/drm/nouveau/x.c"), kNoMaintainersEntry) << "X: excludes";
  EXPECT_EQ(of("fs/dax.c"), kNoMaintainersEntry);
  EXPECT_EQ(of("lib/sub/test_hmm.c"), kNoMaintainersEntry) << "* stops at /";
}

TEST(SubjectPrefix, NamesTheAreaAsMaintainersDo) {
  EXPECT_EQ(subjectPrefix({"mm/gup.c"}), "mm/gup");
  EXPECT_EQ(subjectPrefix({"mm/gup.c", "mm/rmap.c", "include/linux/mm.h"}), "mm");
  EXPECT_EQ(subjectPrefix({"include/linux/rmap.h"}), "mm");
  EXPECT_EQ(subjectPrefix({"lib/test_hmm.c"}), "lib/test_hmm");
  EXPECT_EQ(subjectPrefix({"drivers/gpu/drm/nouveau/nouveau_svm.c"}), "drm/nouveau");
  EXPECT_EQ(subjectPrefix({"drivers/nvdimm/pmem.c"}), "nvdimm");
  EXPECT_EQ(subjectPrefix({"mm/damon/paddr.c"}), "mm");
  EXPECT_EQ(subjectPrefix({"fs/fuse/file.c", "fs/fuse/dir.c"}), "fuse");
  EXPECT_EQ(subjectPrefix({"fs/dax.c"}), "fs/dax");
}

// Seen on v6.12's devmap series: mm/*.c (MEMORY MANAGEMENT) and
// include/linux/huge_mm.h (its THP entry) both took the prefix "mm".
TEST(SubjectPrefix, NoSubjectTwiceInASeries) {
  std::vector<PlannedCommit> commits(3);
  commits[0].subject = commits[1].subject = "mm: use helper";
  commits[0].edits = {{"mm/memory.c", ""}, {"mm/mremap.c", ""}};
  commits[1].edits = {{"include/linux/huge_mm.h", ""}};
  commits[2].subject = "fs/dax: use helper";
  commits[2].edits = {{"fs/dax.c", ""}};
  makeSubjectsDistinct(commits);
  EXPECT_EQ(commits[0].subject, "mm: use helper");
  EXPECT_EQ(commits[1].subject, "mm: use helper in huge_mm.h");
  EXPECT_EQ(commits[2].subject, "fs/dax: use helper");
}

TEST(ConversionPlan, PairsTwoTestsOnlyWhenTogetherTheyNameTheFlagsTypes) {
  Behaviour managed{"managed-free", "PGMAP_MANAGED_FREE", 1, {P, C}, "", "", "x.cocci"};
  Behaviour swap{"swap-entry", "PGMAP_USE_SWAP_ENTRY", 2, {P}, "", "", "y.cocci"};
  Behaviour keep{"keep", "", 0, {}, "", "", ""};
  PgmapRules rules;
  rules.behaviours = {keep, managed, swap};
  Inventory inv;
  inv.sites = {site("pgmap-type.folio_is_device_private", "managed-free", 10, {P}),
               site("pgmap-type.folio_is_device_coherent", "managed-free", 11, {C}),
               site("pgmap-type.folio_is_device_private", "swap-entry", 20, {P}),
               site("pgmap-type.folio_is_device_coherent", "managed-free", 30, {C}),
               site("pgmap-type.compare", "managed-free", 40, {P}, "g"),
               site("pgmap-type.compare", "managed-free", 41, {C}, "h"),
               site("pgmap-type.is_pci_p2pdma_page", "keep", 50, {"MEMORY_DEVICE_PCI_P2PDMA"}),
               site("pgmap-type.read", "swap-entry", 60, {}),
               site("pgmap-type.compare", "unclassified", 70, {P})};
  ConversionPlan plan = planConversions(inv, rules, [](const std::string &) { return std::nullopt; });
  ASSERT_EQ(plan.rewrites.size(), 2u);
  EXPECT_EQ(plan.rewrites[0].positions.size(), 2u);
  EXPECT_EQ(plan.rewrites[0].tokens,
            (std::vector<std::string>{"folio_is_device_private", "folio_is_device_coherent"}));
  EXPECT_EQ(plan.rewrites[1].behaviour->id, "swap-entry");
  // Alone, other functions, a read and an unclassified site are refused.
  ASSERT_EQ(plan.refused.size(), 5u);
  std::set<unsigned> refusedLines;
  for (const Refusal &r : plan.refused) refusedLines.insert(r.site->finding.location.line);
  EXPECT_EQ(refusedLines, (std::set<unsigned>{30, 40, 41, 60, 70}));
}

TEST(ConversionPlan, RewritesAMacroOnceForAllItsUses) {
  const std::string text =
      "int x;\n#define BACKING_PAGE(page) (is_device_private_page((page)) ? \\\n"
      "\t\t(page)->zone_device_data : (page))\n";
  auto at = tokenInMacroDefinition(text, "BACKING_PAGE", "is_device_private_page");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->line, 2u);
  EXPECT_EQ(at->column, 29u);
  EXPECT_FALSE(tokenInMacroDefinition(text, "BACKING", "is_device_private_page"));
  EXPECT_FALSE(tokenInMacroDefinition(text, "BACKING_PAGE", "zone_device"));

  Behaviour swap{"swap-entry", "PGMAP_USE_SWAP_ENTRY", 2, {P}, "", "", "y.cocci"};
  PgmapRules rules;
  rules.behaviours = {swap};
  Inventory inv;
  for (unsigned line : {7u, 9u}) {
    Site s = site("pgmap-type.is_device_private_page", "swap-entry", line, {P});
    s.finding.details["macro"] = "BACKING_PAGE";
    inv.sites.push_back(s);
  }
  ConversionPlan plan = planConversions(inv, rules, [&](const std::string &) { return text; });
  ASSERT_EQ(plan.rewrites.size(), 1u);
  EXPECT_EQ(plan.rewrites[0].sites.size(), 2u);
  EXPECT_EQ(plan.rewrites[0].positions[0].line, 2u);
  EXPECT_EQ(plan.rewrites[0].macro, "BACKING_PAGE");
}

TEST(FlagIntro, DefinesUsedFlagsAndSetsThemAtRegistration) {
  RulePack pack = loadRulePack(KCONV_DEFAULT_DATA_DIR "/rules");
  PgmapRules rules = loadPgmapRules(pack);
  std::vector<const Behaviour *> flags = {rules.behaviour("managed-free"),
                                          rules.behaviour("swap-entry")};
  std::string header =
      "#define PGMAP_ALTMAP_VALID\t(1 << 0)\n\nstruct dev_pagemap;\n\n"
      "static inline bool is_device_private_page(const struct page *page)\n{\n}\n";
  std::string h = addFlagDefinitions(header, flags, rules);
  EXPECT_NE(h.find("#define PGMAP_MANAGED_FREE\t(1 << 1)\n#ifdef CONFIG_DEVICE_PRIVATE\n"
                   "#define PGMAP_USE_SWAP_ENTRY\t(1 << 2)\n#else\n"),
            std::string::npos) << h;
  EXPECT_NE(h.find("#define PGMAP_TYPE_FLAGS\t(PGMAP_MANAGED_FREE | PGMAP_USE_SWAP_ENTRY)\n"),
            std::string::npos) << h;
  EXPECT_LT(h.find("static inline bool pgmap_has_flag(const struct dev_pagemap *pgmap,\n"
                   "\t\t\t\t  unsigned int flag)"),
            h.find("static inline bool is_device_private_page")) << h;
  for (size_t at = 0, next; at < h.size(); at = next + 1) {
    next = h.find('\n', at);
    std::string line = h.substr(at, next - at);
    unsigned col = 0;
    for (char c : line) col = c == '\t' ? (col / 8 + 1) * 8 : col + 1;
    EXPECT_LE(col, 80u) << "[" << line << "]";
  }

  std::string source =
      "}\n\n/*\n * Not device managed.\n */\nvoid *memremap_pages(struct dev_pagemap *pgmap, int nid)\n{\n"
      "\tswitch (pgmap->type) {\n\tcase MEMORY_DEVICE_PRIVATE:\n\t\tWARN(1, \"{\");\n\t\tbreak;\n"
      "\tdefault:\n\t\tbreak;\n\t}\n\n\treturn NULL;\n}\n";
  std::string c = addFlagRegistration(source, flags);
  EXPECT_NE(c.find("}\n\n/*\n * The behaviour flags of a pgmap"), std::string::npos) << c;
  EXPECT_NE(c.find("\tcase MEMORY_DEVICE_PRIVATE:\n\t\treturn PGMAP_MANAGED_FREE | PGMAP_USE_SWAP_ENTRY;\n"
                   "\tcase MEMORY_DEVICE_COHERENT:\n\t\treturn PGMAP_MANAGED_FREE;\n\tdefault:"),
            std::string::npos) << c;
  EXPECT_NE(c.find("\t}\n\n\t/* Before the pages exist: see pgmap_type_flags(). */\n"
                   "\tpgmap->flags &= ~PGMAP_TYPE_FLAGS;\n\tpgmap->flags |= pgmap_type_flags(pgmap->type);\n\n"
                   "\treturn NULL;"),
            std::string::npos) << c;
  EXPECT_THROW(addFlagRegistration("int x;\n", flags), InputError);
}

TEST(CommandRelocate, MovesEveryMentionOfTheTree) {
  // Kbuild names the tree relative to the O= directory: ../../src/linux.
  CompileCommand cmd{"/k/build/o",
                     {"clang", "-Wp,-MMD,mm/.gup.o.d", "-I../../src/linux/include", "-I./include",
                      "-include", "/k/src/linux/include/linux/kconfig.h",
                      "-fmacro-prefix-map=/k/src/linux/=", "-c", "-o", "mm/gup.o",
                      "../../src/linux/mm/gup.c"},
                     "/k/src/linux/mm/gup.c",
                     "mm/gup.o"};
  CompileCommand moved = relocateCommand(cmd, "/k/src/linux", "/tmp/co");
  EXPECT_EQ(moved.file, "/tmp/co/mm/gup.c");
  EXPECT_EQ(moved.directory, "/k/build/o");
  auto args = syntaxCheckArguments(moved);
  EXPECT_EQ(args, (std::vector<std::string>{
                      "clang", "-fsyntax-only", "-I/tmp/co/include", "-I./include", "-include",
                      "/tmp/co/include/linux/kconfig.h", "-fmacro-prefix-map=/tmp/co/=",
                      "/tmp/co/mm/gup.c"}));
  CompileCommand inTree{"/k/src/linux", {"clang", "-Iinclude", "-c", "mm/gup.c"}, "/k/src/linux/mm/gup.c", ""};
  EXPECT_EQ(relocateCommand(inTree, "/k/src/linux", "/tmp/co").directory, "/tmp/co/");
}

TEST(Spatch, CountsWholeIdentifiersOnly) {
  EXPECT_EQ(countIdentifier("a->type == T; subtype; type_x; (type)", "type"), 2u);
  EXPECT_EQ(wrapText("one two three four", "  ", "    ", 12), "  one two\n    three\n    four\n");
}
