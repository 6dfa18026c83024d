// The device tree an arm64 guest boots with: QEMU's own for the machine
// (dumped with -machine virt,dumpdtb=FILE), plus a "pmem-region" node, the
// binding of_pmem (drivers/nvdimm/of_pmem.c) registers as nvdimm regions
// with struct pages. One node for all ranges: of_pmem registers its reg
// entries in order, so the first range is region0, namespace0.0, /dev/pmem0
// (separate nodes would be separate platform devices, probed in the order
// the tree lists them, which libfdt's insertion reverses). Edited with libfdt,
// the library QEMU and U-Boot edit device trees with.
#pragma once

#include <string>
#include <vector>

#include "qemu/guest_machine.h"

namespace kconv {

// `dtb` with a /pmem@<first start> node (compatible "pmem-region", one reg
// entry per region, in the root's #address-cells/#size-cells). Throws
// InputError when `dtb` is not a valid flattened device tree or the node
// already exists.
std::string addPmemRegions(const std::string &dtb, const std::vector<MemoryRegion> &regions);

// The reg of every root node compatible with "pmem-region", in order.
std::vector<MemoryRegion> pmemRegionsOf(const std::string &dtb);

}  // namespace kconv
