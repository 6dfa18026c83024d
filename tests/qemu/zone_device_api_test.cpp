// The ZONE_DEVICE driver API read from a tree's headers: the real headers
// of Debian's 6.1 and 6.12 and of the moved-API series (tests/fixtures/
// api-series, copied into tests/fixtures/qemu), and snippets of the v6.19
// shape no tree here has.
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "qemu/zone_device_api.h"

namespace kconv {
namespace {

std::string fixture(const std::string &name) {
  return readFile(std::string(KCONV_TEST_FIXTURES) + "/qemu/" + name);
}

TEST(ZoneDeviceApi, Debian61And612HaveTheOldApi) {
  for (const char *header : {"memremap-6.1.h", "memremap-6.12.h"}) {
    SCOPED_TRACE(header);
    ZoneDeviceApi api = apiFromHeaders(fixture(header), "");
    EXPECT_EQ(api.pageInitArgs, 1);
    EXPECT_FALSE(api.folioFree);
    EXPECT_FALSE(api.pagePgmapAccessor);
    EXPECT_EQ(api.summary(), "zone_device_page_init(page), page_free(page), page->pgmap");
    EXPECT_EQ(api.compileFlags(),
              "-DKCONV_API_PAGE_INIT_ARGS=1 -DKCONV_API_FOLIO_FREE=0 -DKCONV_API_PAGE_PGMAP=0");
  }
}

TEST(ZoneDeviceApi, MovedApiSeriesHasFolioFreeAndThreeArguments) {
  ZoneDeviceApi api = apiFromHeaders(fixture("memremap-moved-api.h"), "");
  EXPECT_EQ(api.pageInitArgs, 3);  // the prototype spans two lines
  EXPECT_TRUE(api.folioFree);
  EXPECT_EQ(api.summary(), "zone_device_page_init(page, pgmap, order), folio_free(folio), page->pgmap");
  ASSERT_EQ(api.evidence.size(), 2u);
  EXPECT_EQ(api.evidence[1], "include/linux/memremap.h: zone_device_page_init() takes 3 arguments");
}

// v6.19: the order, folio_free, and page_pgmap() (v6.15) in mm.h.
TEST(ZoneDeviceApi, V619ShapeHasTheOrderAndTheAccessor) {
  std::string memremap = R"(
struct dev_pagemap_ops {
	void (*folio_free)(struct folio *folio);
	vm_fault_t (*migrate_to_ram)(struct vm_fault *vmf);
};
void zone_device_page_init(struct page *page, unsigned int order);
)";
  std::string mm = R"(
static inline struct dev_pagemap *page_pgmap(const struct page *page)
{
	VM_WARN_ON_ONCE_PAGE(!is_zone_device_page(page), page);
	return page_folio(page)->pgmap;
}
)";
  ZoneDeviceApi api = apiFromHeaders(memremap, mm);
  EXPECT_EQ(api.pageInitArgs, 2);
  EXPECT_TRUE(api.folioFree);
  EXPECT_TRUE(api.pagePgmapAccessor);
  EXPECT_EQ(api.compileFlags(),
            "-DKCONV_API_PAGE_INIT_ARGS=2 -DKCONV_API_FOLIO_FREE=1 -DKCONV_API_PAGE_PGMAP=1");
  EXPECT_EQ(api.evidence.back(), "include/linux/mm.h: page_pgmap() accessor (folio->pgmap)");
}

// Before v6.1 drivers set the refcount themselves: the suite skips the
// cases that hand pages out rather than failing to compile.
TEST(ZoneDeviceApi, NoPageInitIsZeroArguments) {
  ZoneDeviceApi api = apiFromHeaders("struct dev_pagemap_ops {\n\tvoid (*page_free)(struct page *page);\n};\n", "");
  EXPECT_EQ(api.pageInitArgs, 0);
  EXPECT_EQ(api.summary(), "no zone_device_page_init(), page_free(page), page->pgmap");
}

TEST(ZoneDeviceApi, NeitherFreeOpIsAnInputError) {
  EXPECT_THROW(apiFromHeaders("struct dev_pagemap_ops { int x; };", ""), InputError);
}

// The rule packs' fixture trees (tests/fixtures/api-trees): the API the
// scan's rules follow and the one kconv test compiles against agree.
TEST(ZoneDeviceApi, ApiFixtureTreesOfV615AndV619) {
  KernelTree v615{std::string(KCONV_TEST_FIXTURES) + "/api-trees/folio-pgmap", "", "", ""};
  ZoneDeviceApi a = detectZoneDeviceApi(v615);
  EXPECT_EQ(a.summary(), "no zone_device_page_init(), page_free(page), page_pgmap(page)");
  KernelTree v619{std::string(KCONV_TEST_FIXTURES) + "/api-trees/devmap-absent", "", "", ""};
  ZoneDeviceApi b = detectZoneDeviceApi(v619);
  EXPECT_EQ(b.summary(), "zone_device_page_init(page, order), folio_free(folio), page_pgmap(page)");
  EXPECT_EQ(b.evidence.back(), "include/linux/memremap.h: page_pgmap() accessor (folio->pgmap)");
  EXPECT_THROW(detectZoneDeviceApi(KernelTree{"/nonexistent", "", "", ""}), InputError);
}

}  // namespace
}  // namespace kconv
