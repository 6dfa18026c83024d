// Which ZONE_DEVICE driver API the tree under test declares, read from its
// headers: the KUnit suite and its helpers compile against that API instead
// of one kernel's. Upstream moved it three times after v6.12:
// page->pgmap became folio->pgmap behind page_pgmap() (v6.15, Alistair
// Popple's "fs/dax: Fix ZONE_DEVICE page reference counts" series);
// dev_pagemap_ops.page_free became folio_free(struct folio *) and
// zone_device_page_init() gained an order (v6.19, Balbir Singh's
// device-private THP series); 7.0 added the pgmap argument.
#pragma once

#include <string>
#include <vector>

#include "kernel/kernel_tree.h"

namespace kconv {

struct ZoneDeviceApi {
  // zone_device_page_init()'s parameters: 1 (page), 2 (page, order),
  // 3 (page, pgmap, order); 0 when the tree has no such function.
  int pageInitArgs = 0;
  bool folioFree = false;  // dev_pagemap_ops has folio_free, not page_free
  bool pagePgmapAccessor = false;  // page_pgmap(page) instead of page->pgmap
  std::vector<std::string> evidence;  // "include/linux/memremap.h: ..."

  std::string summary() const;  // one line, for the report
  // The -D flags the refcount modules' Kbuild adds (KCONV_API_*).
  std::string compileFlags() const;
};

// From the text of include/linux/memremap.h and include/linux/mm.h; exposed
// for tests. Throws InputError when memremap.h declares neither page_free
// nor folio_free (not a header kconv can build the suite against).
ZoneDeviceApi apiFromHeaders(const std::string &memremapH, const std::string &mmH);

// Reads the tree's include/linux/memremap.h and include/linux/mm.h.
ZoneDeviceApi detectZoneDeviceApi(const KernelTree &tree);

}  // namespace kconv
