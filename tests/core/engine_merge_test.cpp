// The engine merge: one site list out of Clang's and Coccinelle's, each
// site verified or not with the reason, and the lexical cross-check. The
// scenario is a small tree scanned for x86: what each engine reported is
// written out below, site by site.
#include <gtest/gtest.h>

#include "core/engine_merge.h"

namespace kconv {
namespace {

Finding site(const std::string &engine, const std::string &rule, const std::string &file,
             unsigned line, unsigned column, nlohmann::json details = nlohmann::json::object()) {
  Finding f;
  f.rule = rule;
  f.category = rule.substr(0, rule.find('.'));
  f.location = {file, line, column};
  f.engine = engine;
  f.verified = engine == "clang";
  f.details = std::move(details);
  return f;
}

SourceOccurrence occ(const std::string &category, const std::string &name,
                     const std::string &file, unsigned line, unsigned column,
                     const std::string &context = "code", bool member = false,
                     const std::string &macro = "") {
  return {{file, line, column}, category, name, member, context, macro};
}

MergeInput scenario() {
  MergeInput in;
  in.srcArch = "x86";
  in.clang.ran = in.cocci.ran = true;
  in.clang.filesSeen = {"mm/gup.c", "include/linux/huge_mm.h", "mm/memory.c", "mm/ksm.c"};
  in.clang.failedFiles = {"mm/ksm.c"};
  in.clang.activeLines = {{"mm/gup.c", {969, 995, 1200}},
                          {"include/linux/huge_mm.h", {371, 398}},
                          {"mm/memory.c", {100, 200, 300}}};
  // Clang: three sites, one at the use of split_huge_pmd.
  in.clang.findings = {
      site("clang", "devmap.pmd_devmap", "mm/gup.c", 969, 6),
      site("clang", "devmap.pmd_devmap", "mm/gup.c", 995, 3, {{"macro", "split_huge_pmd"}}),
      site("clang", "page-mapping.read", "mm/memory.c", 100, 12),
      site("clang", "devmap.pte_devmap", "mm/memory.c", 300, 5),
  };
  // Coccinelle: every file, every branch.
  in.cocci.findings = {
      site("cocci", "devmap.pmd_devmap", "mm/gup.c", 969, 6),  // agrees with Clang
      site("cocci", "page-mapping.compare", "mm/memory.c", 100, 12),  // same site, other kind
      site("cocci", "devmap.pmd_devmap", "include/linux/huge_mm.h", 371, 9),  // split_huge_pmd body
      site("cocci", "devmap.pud_devmap", "include/linux/huge_mm.h", 398, 9),  // split_huge_pud body
      site("cocci", "devmap.pte_devmap", "arch/arm64/include/asm/pgtable.h", 109, 9),
      site("cocci", "devmap.pte_devmap", "arch/x86/xen/mmu.c", 5, 1),  // this arch, not built
      site("cocci", "devmap.pte_devmap", "mm/gup.c", 1100, 7),  // #ifdef'd out
      site("cocci", "page-mapping.read", "mm/memory.c", 200, 9),  // folio named page: mistyped
      site("cocci", "devmap.pte_devmap", "mm/ksm.c", 10, 2),
      // split_huge_pmd defined again in a skipped #else branch.
      site("cocci", "devmap.pmd_devmap", "include/linux/huge_mm.h", 600, 9),
  };
  in.cocci.notes = {{{"mm/filemap.c", 50, 20}, "page-mapping", "other", "struct folio *"},
                    {{"fs/f2fs/data.c", 7, 9}, "page-mapping", "untyped", "base x->y has no known type"}};
  in.occurrences = {
      occ("devmap", "pmd_devmap", "mm/gup.c", 969, 6),
      occ("devmap", "pte_devmap", "mm/gup.c", 1100, 7),
      occ("devmap", "pmd_devmap", "include/linux/huge_mm.h", 371, 9, "define-body", false, "split_huge_pmd"),
      occ("devmap", "pud_devmap", "include/linux/huge_mm.h", 398, 9, "define-body", false, "split_huge_pud"),
      occ("devmap", "pmd_devmap", "include/linux/huge_mm.h", 600, 9, "define-body", false, "split_huge_pmd"),
      occ("devmap", "pmd_devmap", "include/linux/huge_mm.h", 500, 6, "declaration"),
      occ("devmap", "pte_devmap", "arch/arm64/include/asm/pgtable.h", 109, 9, "define-name"),
      occ("page-mapping", "mapping", "mm/memory.c", 100, 12, "code", true),
      occ("page-mapping", "mapping", "mm/memory.c", 200, 9, "code", true),
      occ("page-mapping", "mapping", "mm/memory.c", 210, 4, "code", true),  // clang: not page
      occ("page-mapping", "mapping", "mm/filemap.c", 50, 20, "code", true),
      occ("page-mapping", "mapping", "fs/f2fs/data.c", 7, 9, "code", true),
      occ("devmap", "pte_devmap", "mm/memory.c", 300, 5),
      occ("devmap", "pte_devmap", "mm/memory.c", 310, 5, "dead"),
  };
  in.clang.activeLines["mm/memory.c"].insert(210);
  return in;
}

const Finding &at(const std::vector<Finding> &fs, const std::string &file, unsigned line,
                  unsigned column) {
  for (const Finding &f : fs)
    if (f.location == Location{file, line, column}) return f;
  static Finding none;
  ADD_FAILURE() << "no finding at " << file << ":" << line << ":" << column;
  return none;
}

TEST(EngineMerge, AgreementIsVerifiedOnce) {
  MergeResult r = mergeEngines(scenario());
  const Finding &f = at(r.findings, "mm/gup.c", 969, 6);
  EXPECT_TRUE(f.verified);
  EXPECT_EQ(f.engine, "clang");
  EXPECT_EQ(f.details["seen_by"], nlohmann::json({"clang", "cocci"}));
  unsigned n = 0;
  for (const Finding &g : r.findings) n += g.location == f.location;
  EXPECT_EQ(n, 1u);
}

TEST(EngineMerge, SameSiteOtherKindKeepsClangsRule) {
  MergeResult r = mergeEngines(scenario());
  const Finding &f = at(r.findings, "mm/memory.c", 100, 12);
  EXPECT_EQ(f.rule, "page-mapping.read");
  EXPECT_EQ(f.details["cocci_rule"], "page-mapping.compare");
  EXPECT_EQ(r.coverage["merge"]["tolerance"]["same-site-other-rule"], 1);
}

TEST(EngineMerge, MacroBodyVerifiedByClangsExpansions) {
  MergeResult r = mergeEngines(scenario());
  const Finding &body = at(r.findings, "include/linux/huge_mm.h", 371, 9);
  EXPECT_TRUE(body.verified);
  EXPECT_EQ(body.engine, "cocci");
  EXPECT_EQ(body.details["verified_by"],
            "clang: 1 expansion(s) of split_huge_pmd, first at mm/gup.c:995:3");
  // Clang's own finding at the expansion stays.
  EXPECT_TRUE(at(r.findings, "mm/gup.c", 995, 3).verified);
  const Finding &pud = at(r.findings, "include/linux/huge_mm.h", 398, 9);
  EXPECT_FALSE(pud.verified);
  EXPECT_EQ(pud.details["unverified_reason"], "macro-not-expanded");
  const Finding &skipped = at(r.findings, "include/linux/huge_mm.h", 600, 9);
  EXPECT_FALSE(skipped.verified);
  EXPECT_EQ(skipped.details["unverified_reason"], "disabled-branch");
}

// scan --arch: a site under a built architecture's arch/ is no longer
// "other-architecture"; one under an architecture the toolchain could not
// build says why in its note.
TEST(EngineMerge, BuiltArchitecturesAndTheUnbuiltOnesNamed) {
  MergeInput in = scenario();
  in.otherSrcArches = {"arm64"};
  MergeResult built = mergeEngines(in);
  EXPECT_NE(at(built.findings, "arch/arm64/include/asm/pgtable.h", 109, 9)
                .details.value("unverified_reason", ""),
            "other-architecture");
  MergeInput in2 = scenario();
  in2.unbuiltArches = {{"arm64", "clang: error: too old"}};
  MergeResult unbuilt = mergeEngines(in2);
  const Finding &f = at(unbuilt.findings, "arch/arm64/include/asm/pgtable.h", 109, 9);
  EXPECT_EQ(f.details["unverified_reason"], "other-architecture");
  EXPECT_EQ(f.details["unverified_note"], "arch/arm64 (not built here: clang: error: too old)");
}

TEST(EngineMerge, UnverifiedReasons) {
  MergeResult r = mergeEngines(scenario());
  auto reason = [&](const std::string &file, unsigned line, unsigned col) {
    const Finding &f = at(r.findings, file, line, col);
    EXPECT_FALSE(f.verified);
    EXPECT_EQ(f.details["seen_by"], nlohmann::json({"cocci"}));
    return f.details.value("unverified_reason", "");
  };
  EXPECT_EQ(reason("arch/arm64/include/asm/pgtable.h", 109, 9), "other-architecture");
  EXPECT_EQ(reason("arch/x86/xen/mmu.c", 5, 1), "not-built");
  EXPECT_EQ(reason("mm/gup.c", 1100, 7), "disabled-branch");
  EXPECT_EQ(reason("mm/ksm.c", 10, 2), "clang-failed");
  const nlohmann::json &u = r.coverage["merge"]["unverified"];
  EXPECT_EQ(u["devmap"]["other-architecture"], 1);
  EXPECT_EQ(u["devmap"]["not-built"], 1);
  EXPECT_EQ(u["devmap"]["disabled-branch"], 2);
  EXPECT_EQ(u["devmap"]["macro-not-expanded"], 1);
}

// Clang compiled mm/memory.c:200 and did not report it: Coccinelle typed a
// `struct folio *` named like a page as struct page. Not verified, and
// said so.
TEST(EngineMerge, DisagreementIsNotVerified) {
  MergeResult r = mergeEngines(scenario());
  const Finding &f = at(r.findings, "mm/memory.c", 200, 9);
  EXPECT_FALSE(f.verified);
  EXPECT_EQ(f.details["unverified_reason"], "disagreement");
  EXPECT_EQ(f.details["unverified_note"],
            "Clang compiled this line and did not type the base as the rule's record");
  EXPECT_EQ(r.coverage["merge"]["unverified"]["page-mapping"]["disagreement"], 1);
}

TEST(EngineMerge, ClangOnlySitesStay) {
  MergeResult r = mergeEngines(scenario());
  const Finding &f = at(r.findings, "mm/memory.c", 300, 5);
  EXPECT_TRUE(f.verified);
  EXPECT_EQ(f.details["seen_by"], nlohmann::json({"clang"}));
  EXPECT_EQ(r.coverage["merge"]["clang_only"]["devmap"], 2);  // and gup.c:995
  EXPECT_EQ(r.coverage["merge"]["verified"]["devmap"], 4);
}

TEST(EngineMerge, LexicalCrossCheck) {
  MergeResult r = mergeEngines(scenario());
  const nlohmann::json &lex = r.coverage["lexical"];
  EXPECT_EQ(lex["occurrences"], 14);
  EXPECT_EQ(lex["reported"], 9);
  EXPECT_EQ(lex["explained"]["declaration"], 1);
  EXPECT_EQ(lex["explained"]["if-0"], 1);
  EXPECT_EQ(lex["explained"]["other-record (clang)"], 1);
  EXPECT_EQ(lex["explained"]["other-record (coccinelle)"], 1);
  ASSERT_EQ(lex["unexplained"].size(), 1u);
  EXPECT_EQ(lex["unexplained"][0]["file"], "fs/f2fs/data.c");
  EXPECT_EQ(lex["unexplained"][0]["note"], "coccinelle: base x->y has no known type");
}

TEST(EngineMerge, CocciAloneSaysClangDidNotRun) {
  MergeInput in = scenario();
  in.clang = ClangView{};
  MergeResult r = mergeEngines(std::move(in));
  for (const Finding &f : r.findings) {
    EXPECT_FALSE(f.verified);
    EXPECT_EQ(f.details["unverified_reason"], "clang-not-run");
  }
}

TEST(EngineMerge, OrderOfInputDoesNotMatter) {
  MergeInput a = scenario(), b = scenario();
  std::reverse(b.clang.findings.begin(), b.clang.findings.end());
  std::reverse(b.cocci.findings.begin(), b.cocci.findings.end());
  MergeResult ra = mergeEngines(std::move(a)), rb = mergeEngines(std::move(b));
  ASSERT_EQ(ra.findings.size(), rb.findings.size());
  for (size_t i = 0; i < ra.findings.size(); ++i)
    EXPECT_EQ(toJson(ra.findings[i]), toJson(rb.findings[i]));
  EXPECT_EQ(ra.coverage, rb.coverage);
}

}  // namespace
}  // namespace kconv
