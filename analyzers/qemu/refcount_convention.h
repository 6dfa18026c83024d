// Which refcount a free ZONE_DEVICE page has in this tree, read from its
// mm/ sources rather than assumed from the version: the convention moved
// twice upstream (device-private pages went from idle-at-1 to idle-at-0
// with "mm: remove the extra ZONE_DEVICE struct page refcount", v5.18;
// FS-DAX pages followed with Alistair Popple's series "fs/dax: Fix
// ZONE_DEVICE page reference counts", v6.15). The KUnit suite and the
// FS-DAX scenario check the refcounts this says.
#pragma once

#include <string>
#include <vector>

#include "kernel/kernel_tree.h"

namespace kconv {

struct FreePageConvention {
  std::string name;  // "split", "zero-based", "one-based", "unknown"
  int privateFree = -1;  // device-private and device-coherent pages
  int genericFree = -1;
  int fsdaxFree = -1;
  bool genericResetOnFree = false;  // a generic page hitting 0 is reset to 1
  // A page table entry mapping an FS-DAX page holds a reference on it.
  // Follows from free-at-0: a mapped page at refcount 0 could not be
  // pinned (GUP takes a reference only on a page that has one), so every
  // kernel with FS-DAX free at 0 counts its mappings (upstream v6.15:
  // DAX mappings became normal refcounted folio mappings).
  bool fsdaxMappingHoldsRef() const { return fsdaxFree == 0; }
  std::vector<std::string> evidence;  // "mm/memremap.c: free_zone_device_folio() resets ..."
  bool known() const { return privateFree >= 0 && genericFree >= 0 && fsdaxFree >= 0; }
  std::string summary() const;  // one line, for the report and the suite
};

// From the source text of mm/memremap.c (the free path); exposed for tests.
FreePageConvention conventionFromMemremap(const std::string &memremapSource);

// Adds what include/linux/dax.h's dax_page_is_idle() (v6.15) says an idle
// FS-DAX page's refcount is; a tree without it keeps what memremap.c says.
void addDaxIdleEvidence(FreePageConvention &c, const std::string &daxHeader);

// Reads <tree>/mm/memremap.c and <tree>/include/linux/dax.h.
FreePageConvention detectFreePageConvention(const KernelTree &tree);

}  // namespace kconv
