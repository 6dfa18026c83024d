// The proof behind the gate's header shortcut, on headers shaped like the
// kernel's: what it accepts (a body changed, a fresh helper added or
// removed, an #ifdef around new code) and everything it must refuse.
#include "scan/header_change.h"

#include <set>

#include <gtest/gtest.h>

namespace kconv {
namespace {

const char *kBase = R"(/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H
#include <linux/mmzone.h>

struct page;
extern unsigned long totalram_pages(void);

static inline bool page_is_odd(struct page *page)
{
	return page->flags & 1;
}

#ifdef CONFIG_ZONE_DEVICE
static inline bool is_zone_device_page(const struct page *page)
{
	return page_zonenum(page) == ZONE_DEVICE;
}
#endif

static inline __attribute__((always_inline)) int page_count_of(struct page *page)
{
	return atomic_read(&page->_refcount);
}

#endif /* _LINUX_MM_H */
)";

std::string replace(std::string s, const std::string &from, const std::string &to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(HeaderChange, UnchangedTextAndCommentsAreConfined) {
  HeaderChange c = examineHeaderChange(kBase, kBase);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.changedItems, 0u);
  c = examineHeaderChange(kBase, replace(kBase, "struct page;", "struct page; /* a comment */\n\n"));
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.changedItems, 0u);
}

// The rule of the gate's shortcut and of propose's compile check (not the
// default): the pgmap-flags series' first patch adds PGMAP_* flags and the
// helpers that test them.
TEST(HeaderChange, FreshMacrosAreConfinedWhenTheCallerAcceptsThem) {
  std::string after = replace(kBase, "#ifdef CONFIG_ZONE_DEVICE",
                              "#define KCONV_PGMAP_FLAG (1 << 3)\n"
                              "#define KCONV_PGMAP_TEST(p) \\\n\t((p)->flags & KCONV_PGMAP_FLAG)\n"
                              "static inline bool kconv_pgmap_test(struct page *page)\n{\n"
                              "\treturn KCONV_PGMAP_TEST(page);\n}\n\n#ifdef CONFIG_ZONE_DEVICE");
  HeaderChange strict = examineHeaderChange(kBase, after);
  EXPECT_FALSE(strict.confined);
  EXPECT_NE(strict.reason.find("a directive added: #define KCONV_PGMAP_FLAG"), std::string::npos)
      << strict.reason;

  HeaderChangeRules rules;
  rules.freshMacros = true;
  HeaderChange c = examineHeaderChange(kBase, after, rules);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.declared, (std::set<std::string>{"KCONV_PGMAP_FLAG", "KCONV_PGMAP_TEST",
                                                "kconv_pgmap_test"}));
  // Removing one is the same change read backwards.
  EXPECT_TRUE(examineHeaderChange(after, kBase, rules).confined);

  // A macro an unchanged line names (here: tests) is not fresh.
  std::string tested = replace(kBase, "#ifdef CONFIG_ZONE_DEVICE",
                               "#define CONFIG_ZONE_DEVICE 1\n#ifdef CONFIG_ZONE_DEVICE");
  c = examineHeaderChange(kBase, tested, rules);
  EXPECT_FALSE(c.confined);
  EXPECT_NE(c.reason.find("macro CONFIG_ZONE_DEVICE added is named by unchanged code"),
            std::string::npos) << c.reason;
  // Other directives stay refused.
  c = examineHeaderChange(kBase, replace(kBase, "#include <linux/mmzone.h>",
                                         "#include <linux/mmzone.h>\n#include <linux/memremap.h>"),
                          rules);
  EXPECT_FALSE(c.confined);
  c = examineHeaderChange(kBase, replace(kBase, "struct page;", "struct page;\n#undef PAGE_SIZE"), rules);
  EXPECT_FALSE(c.confined);
}

TEST(HeaderChange, AnAddedHelperNeedsItsNameFreshInTheTree) {
  std::string after = replace(kBase, "#ifdef CONFIG_ZONE_DEVICE",
                              "static inline int kconv_new_helper(struct page *page)\n{\n"
                              "\treturn page->mapping != NULL;\n}\n\n#ifdef CONFIG_ZONE_DEVICE");
  HeaderChange c = examineHeaderChange(kBase, after);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.declared, std::set<std::string>{"kconv_new_helper"});
  EXPECT_TRUE(c.bodies.empty());
  // Removing it is the same change read backwards.
  c = examineHeaderChange(after, kBase);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.declared, std::set<std::string>{"kconv_new_helper"});
}

TEST(HeaderChange, AHelperUnderItsOwnIfdefIsConfined) {
  std::string after = replace(kBase, "#endif /* _LINUX_MM_H */",
                              "#ifdef CONFIG_KCONV\nextern int kconv_proto(struct page *p) __must_check;\n"
                              "#else\nstatic inline int kconv_proto(struct page *p) { return 0; }\n"
                              "#endif\n#endif /* _LINUX_MM_H */");
  HeaderChange c = examineHeaderChange(kBase, after);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.declared, std::set<std::string>{"kconv_proto"});
}

TEST(HeaderChange, ABodyOnlyChangeKeepsTheHead) {
  std::string after = replace(kBase, "return page->flags & 1;", "return (page->flags & 1) != 0;");
  HeaderChange c = examineHeaderChange(kBase, after);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.bodies, std::set<std::string>{"page_is_odd"});
  EXPECT_TRUE(c.declared.empty());
  // Behind an attribute, the name is still found.
  after = replace(kBase, "return atomic_read(&page->_refcount);", "return page_ref_count(page);");
  c = examineHeaderChange(kBase, after);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.bodies, std::set<std::string>{"page_count_of"});
}

TEST(HeaderChange, RefusesWhatOtherFilesCanSee) {
  struct Case {
    const char *what, *from, *to, *reason;
  };
  const Case cases[] = {
      {"a new macro", "struct page;", "struct page;\n#define PAGE_KCONV 1", "a directive added: #define"},
      {"an include", "#include <linux/mmzone.h>", "#include <linux/mmzone.h>\n#include <linux/kconv.h>",
       "a directive added: #include"},
      {"a struct", "struct page;", "struct kconv { int x; };", "not a function"},
      {"a typedef", "struct page;", "struct page;\ntypedef int kconv_t;", "not a function"},
      {"a variable", "struct page;", "struct page;\nextern int kconv_var;", "not a function"},
      {"a function pointer", "struct page;", "struct page;\nextern int (*kconv_fp)(void);",
       "not a function"},
      {"a prototype of a name in use", "struct page;", "struct page;\nbool page_is_odd(struct page *page);",
       "named by unchanged code"},
      {"code moved under a new #ifdef", "static inline bool page_is_odd(struct page *page)",
       "#ifdef CONFIG_X\n#endif\nstatic inline bool page_is_odd(struct page *page)", ""},
      {"an unbalanced brace", "return page->flags & 1;", "return page->flags & 1; }", "brackets"},
  };
  for (const Case &k : cases) {
    HeaderChange c = examineHeaderChange(kBase, replace(kBase, k.from, k.to));
    if (std::string(k.what) == "code moved under a new #ifdef") {
      // An empty #ifdef/#endif pair adds no condition to what follows it.
      EXPECT_TRUE(c.confined) << c.reason;
      continue;
    }
    EXPECT_FALSE(c.confined) << k.what;
    EXPECT_NE(c.reason.find(k.reason), std::string::npos) << k.what << ": " << c.reason;
  }
}

TEST(HeaderChange, AChangedSignatureLeavesTheNameToTheTreeCheck) {
  // Its callers, if any, are in other files: the tree check finds them.
  HeaderChange c = examineHeaderChange(
      kBase, replace(kBase, "static inline bool page_is_odd(struct page *page)",
                     "static inline bool page_is_odd(const struct page *page)"));
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.declared, std::set<std::string>{"page_is_odd"});
  EXPECT_TRUE(c.bodies.empty());
}

TEST(HeaderChange, AFunctionMovedUnderAConditionIsAFunctionRemovedAndAdded) {
  // Its name must then be fresh in the tree: the caller's check.
  std::string after = replace(kBase, "static inline bool page_is_odd(struct page *page)\n{\n\treturn page->flags & 1;\n}\n",
                              "#ifdef CONFIG_X\nstatic inline bool page_is_odd(struct page *page)\n{\n\treturn page->flags & 1;\n}\n#endif\n");
  HeaderChange c = examineHeaderChange(kBase, after);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.declared, std::set<std::string>{"page_is_odd"});
}

TEST(HeaderChange, ContinuationsAndSpacingOfDirectivesDoNotMatter) {
  std::string before = "#define A(x) \\\n\t((x) + 1)\nint f(void);\n";
  std::string after = "#  define A(x) ((x) + 1) /* same */\nint f(void);\n";
  HeaderChange c = examineHeaderChange(before, after);
  EXPECT_TRUE(c.confined) << c.reason;
  EXPECT_EQ(c.changedItems, 0u);
  c = examineHeaderChange(before, "#define A(x) ((x) + 2)\nint f(void);\n");
  EXPECT_FALSE(c.confined);
}

}  // namespace
}  // namespace kconv

namespace kconv {
namespace {

TEST(HeaderChange, ChangedIdentifiersAreThoseOfTheChangedItemsOnly) {
  std::string after = replace(kBase, "#ifdef CONFIG_ZONE_DEVICE",
                              "static inline int kconv_order_pages(unsigned int order)\n{\n"
                              "\treturn 1 << order;\n}\n\n#ifdef CONFIG_ZONE_DEVICE");
  HeaderChange c = examineHeaderChange(kBase, after);
  EXPECT_TRUE(c.changedIdentifiers.count("kconv_order_pages"));
  EXPECT_TRUE(c.changedIdentifiers.count("order"));
  // Keywords are listed too (no rule triggers on them); the unchanged
  // items' names are not.
  for (const char *unchanged : {"page", "flags", "_refcount", "page_is_odd"})
    EXPECT_FALSE(c.changedIdentifiers.count(unchanged)) << unchanged;
}

TEST(LineMap, UnchangedLinesFollowTheEditAndChangedOnesHaveNoImage) {
  std::string before = "a\nb\nc\nd\ne\n";
  std::string after = "a\nnew 1\nnew 2\nb\nc\nD\ne\n";
  LineMap map(before, after);
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map.map(1), 1u);
  EXPECT_EQ(map.map(2), 4u);
  EXPECT_EQ(map.map(3), 5u);
  EXPECT_FALSE(map.map(4).has_value()) << "d became D";
  EXPECT_EQ(map.map(5), 7u);
  EXPECT_FALSE(map.map(6).has_value()) << "past the end";
}

}  // namespace
}  // namespace kconv
