// The arm64 guest's device tree edit: pmem-region nodes with the root's
// cell sizes, read back; what is not a device tree is refused.
#include <gtest/gtest.h>

extern "C" {
#include <libfdt.h>
}

#include "core/errors.h"
#include "qemu/device_tree.h"

namespace kconv {
namespace {

// A root node as QEMU's virt board has it: two address and two size cells.
std::string virtLikeTree(uint32_t addressCells, uint32_t sizeCells) {
  std::string buf(4096, '\0');
  EXPECT_EQ(fdt_create_empty_tree(buf.data(), static_cast<int>(buf.size())), 0);
  EXPECT_EQ(fdt_setprop_u32(buf.data(), 0, "#address-cells", addressCells), 0);
  EXPECT_EQ(fdt_setprop_u32(buf.data(), 0, "#size-cells", sizeCells), 0);
  EXPECT_GE(fdt_add_subnode(buf.data(), 0, "memory@40000000"), 0);
  EXPECT_EQ(fdt_pack(buf.data()), 0);
  buf.resize(fdt_totalsize(buf.data()));
  return buf;
}

TEST(DeviceTree, OnePmemRegionNodeWithEveryRangeInOrderAbove4GiBToo) {
  std::vector<MemoryRegion> regions = {{0xa0000000ull, 64ull << 20}, {0x1a8000000ull, 1ull << 32}};
  std::string dtb = addPmemRegions(virtLikeTree(2, 2), regions);
  std::vector<MemoryRegion> back = pmemRegionsOf(dtb);
  ASSERT_EQ(back.size(), 2u);
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].start, regions[i].start);
    EXPECT_EQ(back[i].size, regions[i].size);
  }
  EXPECT_GE(fdt_path_offset(dtb.data(), "/pmem@a0000000"), 0);
  EXPECT_GE(fdt_path_offset(dtb.data(), "/memory@40000000"), 0) << "the rest of the tree stays";
}

TEST(DeviceTree, OneCellTreesGetOneCellRegs) {
  std::string dtb = addPmemRegions(virtLikeTree(1, 1), {{0x8000000, 0x100000}});
  int node = fdt_path_offset(dtb.data(), "/pmem@8000000");
  ASSERT_GE(node, 0);
  int len = 0;
  ASSERT_NE(fdt_getprop(dtb.data(), node, "reg", &len), nullptr);
  EXPECT_EQ(len, 8);
  EXPECT_EQ(pmemRegionsOf(dtb).at(0).size, 0x100000u);
}

TEST(DeviceTree, RefusesWhatIsNotADeviceTree) {
  EXPECT_THROW(addPmemRegions("", {{0, 1}}), InputError);
  EXPECT_THROW(addPmemRegions(std::string(100, 'x'), {{0, 1}}), InputError);
  std::string truncated = virtLikeTree(2, 2);
  truncated.resize(truncated.size() / 2);
  EXPECT_THROW(addPmemRegions(truncated, {{0, 1}}), InputError);
  // The same node twice: libfdt's "FDT_ERR_EXISTS", not a second node.
  std::string once = addPmemRegions(virtLikeTree(2, 2), {{0x1000, 0x1000}});
  EXPECT_THROW(addPmemRegions(once, {{0x1000, 0x1000}}), InputError);
}

}  // namespace
}  // namespace kconv
