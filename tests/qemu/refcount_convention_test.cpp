// The free-page convention read from mm/memremap.c (and dax_page_is_idle()
// in include/linux/dax.h): the real files of Debian's 6.1 and 6.12 trees and
// of the moved-API series (copied into tests/fixtures/qemu), and reduced
// snippets of the older and newer shapes.
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "qemu/refcount_convention.h"

namespace kconv {
namespace {

std::string fixture(const std::string &name) {
  return readFile(std::string(KCONV_TEST_FIXTURES) + "/qemu/" + name);
}

void expectSplit(const FreePageConvention &c) {
  EXPECT_EQ(c.name, "split");
  EXPECT_EQ(c.privateFree, 0);
  EXPECT_EQ(c.genericFree, 1);
  EXPECT_EQ(c.fsdaxFree, 1);
  EXPECT_TRUE(c.genericResetOnFree);
  EXPECT_TRUE(c.known());
}

TEST(RefcountConvention, Debian61IsSplit) {
  FreePageConvention c = conventionFromMemremap(fixture("memremap-6.1.c"));
  expectSplit(c);
  ASSERT_EQ(c.evidence.size(), 3u);
  EXPECT_EQ(c.evidence[0],
            "mm/memremap.c: free_zone_device_page() hands device-private pages to page_free at refcount 0");
  EXPECT_EQ(c.evidence[2],
            "mm/memremap.c: __put_devmap_managed_page_refs() treats an fs-dax page at refcount 1 as free");
}

TEST(RefcountConvention, Debian612IsSplit) {
  FreePageConvention c = conventionFromMemremap(fixture("memremap-6.12.c"));
  expectSplit(c);
  EXPECT_EQ(c.evidence[0],
            "mm/memremap.c: free_zone_device_folio() hands device-private pages to page_free at refcount 0");
}

// After kconv propose's pgmap-flags series the reset tests the flag: the
// same convention (found by kconv gate on the series: KUnit had skipped).
TEST(RefcountConvention, PgmapFlagsSeriesIsStillSplit) {
  std::string src = fixture("memremap-6.12.c");
  std::string from =
      "\tif (folio->page.pgmap->type != MEMORY_DEVICE_PRIVATE &&\n"
      "\t    folio->page.pgmap->type != MEMORY_DEVICE_COHERENT)\n";
  size_t at = src.find(from);
  ASSERT_NE(at, std::string::npos);
  src.replace(at, from.size(), "\tif (!pgmap_has_flag(folio->page.pgmap, PGMAP_MANAGED_FREE))\n");
  expectSplit(conventionFromMemremap(src));
}

// The shape after "fs/dax: Fix ZONE_DEVICE page reference counts" (v6.14):
// a switch on the type in free_zone_device_folio(), no fs-dax put helper.
TEST(RefcountConvention, PerTypeSwitchIsZeroBased) {
  FreePageConvention c = conventionFromMemremap(R"(
void free_zone_device_folio(struct folio *folio)
{
	struct dev_pagemap *pgmap = folio->pgmap;

	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		pgmap->ops->page_free(folio_page(folio, 0));
		put_dev_pagemap(pgmap);
		break;
	case MEMORY_DEVICE_GENERIC:
		folio_set_count(folio, 1);
		break;
	case MEMORY_DEVICE_FS_DAX:
		wake_up_var(&folio->page);
		break;
	}
}
)");
  EXPECT_EQ(c.name, "zero-based");
  EXPECT_EQ(c.fsdaxFree, 0);
  EXPECT_EQ(c.genericFree, 1);
  EXPECT_TRUE(c.genericResetOnFree);
}

// Before v5.17 there was no free_zone_device_page(): every devmap-managed
// page was free at refcount 1.
TEST(RefcountConvention, OldPutDevmapManagedPageIsOneBased) {
  FreePageConvention c = conventionFromMemremap(R"(
void __put_devmap_managed_page(struct page *page)
{
	int count = page_ref_dec_return(page);

	if (count == 1) {
		page->pgmap->ops->page_free(page);
	} else if (!count)
		__put_page(page);
}
)");
  EXPECT_EQ(c.name, "one-based");
  EXPECT_EQ(c.privateFree, 1);
}

TEST(RefcountConvention, UnrecognisedSourceIsUnknown) {
  FreePageConvention c = conventionFromMemremap("int x;\n");
  EXPECT_EQ(c.name, "unknown");
  EXPECT_FALSE(c.known());
}

// The moved-API series' mm/memremap.c: FS-DAX pages free at 0, generic
// pages reset to 1; dax_page_is_idle() agrees.
TEST(RefcountConvention, MovedApiSeriesIsZeroBased) {
  FreePageConvention c = conventionFromMemremap(fixture("memremap-moved-api.c"));
  EXPECT_EQ(c.name, "zero-based");
  EXPECT_EQ(c.privateFree, 0);
  EXPECT_EQ(c.genericFree, 1);
  EXPECT_EQ(c.fsdaxFree, 0);
  EXPECT_TRUE(c.genericResetOnFree);
  EXPECT_TRUE(c.fsdaxMappingHoldsRef());
  addDaxIdleEvidence(c, fixture("dax-moved-api.h"));
  EXPECT_EQ(c.name, "zero-based");
  EXPECT_EQ(c.evidence.back(),
            "include/linux/dax.h: dax_page_is_idle() treats an fs-dax page at refcount 0 as idle");
  EXPECT_EQ(c.summary(),
            "zero-based: free device-private/coherent pages at refcount 0, generic at 1, fs-dax at 0 "
            "(each mapping holds a reference)");
}

// The same test written on the folio.
TEST(RefcountConvention, FolioIdleTestIsRead) {
  FreePageConvention c = conventionFromMemremap(fixture("memremap-moved-api.c"));
  addDaxIdleEvidence(c, "static inline bool dax_page_is_idle(struct page *page)\n{\n"
                        "\treturn page && folio_ref_count(page_folio(page)) == 0;\n}\n");
  EXPECT_EQ(c.name, "zero-based");
  EXPECT_EQ(c.evidence.back(),
            "include/linux/dax.h: dax_page_is_idle() treats an fs-dax page at refcount 0 as idle");
}

TEST(RefcountConvention, Dax612HasNoIdleHelperAndChangesNothing) {
  FreePageConvention c = conventionFromMemremap(fixture("memremap-6.12.c"));
  size_t evidence = c.evidence.size();
  addDaxIdleEvidence(c, fixture("dax-6.12.h"));
  EXPECT_EQ(c.name, "split");
  EXPECT_EQ(c.evidence.size(), evidence);
  EXPECT_FALSE(c.fsdaxMappingHoldsRef());
}

// memremap.c says 1, dax.h says 0: neither is checked.
TEST(RefcountConvention, DisagreeingSourcesAreUnknown) {
  FreePageConvention c = conventionFromMemremap(fixture("memremap-6.12.c"));
  addDaxIdleEvidence(c, fixture("dax-moved-api.h"));
  EXPECT_EQ(c.name, "unknown");
  EXPECT_FALSE(c.known());
  EXPECT_EQ(c.evidence.back(), "mm/memremap.c and include/linux/dax.h disagree on the fs-dax free refcount");
}

}  // namespace
}  // namespace kconv
