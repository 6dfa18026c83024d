#include "qemu/zone_device_api.h"

#include <filesystem>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/regex.h"

namespace kconv {

namespace {

// Parameters of the first prototype or definition of `name`: the text
// between its parentheses, split on top-level commas; -1 if absent.
int parameterCount(const std::string &src, const std::string &name) {
  Regex::Match m;
  if (!Regex("\\b" + name + "\\s*\\(([^;{)]*)\\)\\s*[;{]").search(src, &m)) return -1;
  std::string params = m.str(1);
  if (Regex("^\\s*(void)?\\s*$").search(params)) return 0;
  int count = 1;
  for (char c : params) count += c == ',';
  return count;
}

}  // namespace

std::string ZoneDeviceApi::summary() const {
  std::string init = pageInitArgs == 0 ? "no zone_device_page_init()"
                     : pageInitArgs == 1 ? "zone_device_page_init(page)"
                     : pageInitArgs == 2 ? "zone_device_page_init(page, order)"
                                         : "zone_device_page_init(page, pgmap, order)";
  return init + ", " + (folioFree ? "folio_free(folio)" : "page_free(page)") + ", " +
         (pagePgmapAccessor ? "page_pgmap(page)" : "page->pgmap");
}

std::string ZoneDeviceApi::compileFlags() const {
  return "-DKCONV_API_PAGE_INIT_ARGS=" + std::to_string(pageInitArgs) +
         " -DKCONV_API_FOLIO_FREE=" + (folioFree ? "1" : "0") +
         " -DKCONV_API_PAGE_PGMAP=" + (pagePgmapAccessor ? "1" : "0");
}

ZoneDeviceApi apiFromHeaders(const std::string &memremapH, const std::string &mmH) {
  ZoneDeviceApi api;
  bool folioFree = Regex(R"(\(\s*\*\s*folio_free\s*\)\s*\(\s*struct\s+folio\s*\*)").search(memremapH);
  bool pageFree = Regex(R"(\(\s*\*\s*page_free\s*\)\s*\(\s*struct\s+page\s*\*)").search(memremapH);
  if (!folioFree && !pageFree)
    throw InputError("include/linux/memremap.h declares neither dev_pagemap_ops.page_free nor "
                     "folio_free: not a ZONE_DEVICE API kconv's refcount suite knows");
  api.folioFree = folioFree;
  api.evidence.push_back(std::string("include/linux/memremap.h: dev_pagemap_ops.") +
                         (folioFree ? "folio_free(struct folio *)" : "page_free(struct page *)"));

  int args = parameterCount(memremapH, "zone_device_page_init");
  if (args > 0) {
    api.pageInitArgs = args > 3 ? 3 : args;
    api.evidence.push_back("include/linux/memremap.h: zone_device_page_init() takes " +
                           std::to_string(args) + " argument" + (args == 1 ? "" : "s"));
  } else {
    api.evidence.push_back("include/linux/memremap.h: no zone_device_page_init()");
  }

  // page_pgmap() sits in mm.h or memremap.h depending on the release.
  for (const auto &[path, text] : {std::pair<const char *, const std::string *>{"include/linux/mm.h", &mmH},
                                   {"include/linux/memremap.h", &memremapH}}) {
    if (Regex(R"(\bstruct\s+dev_pagemap\s*\*\s*page_pgmap\s*\()").search(*text)) {
      api.pagePgmapAccessor = true;
      api.evidence.push_back(std::string(path) + ": page_pgmap() accessor (folio->pgmap)");
      break;
    }
  }
  return api;
}

ZoneDeviceApi detectZoneDeviceApi(const KernelTree &tree) {
  std::string memremap = tree.root + "/include/linux/memremap.h";
  std::string mm = tree.root + "/include/linux/mm.h";
  if (!std::filesystem::exists(memremap))
    throw InputError("not a ZONE_DEVICE-capable tree: no " + memremap);
  return apiFromHeaders(readFile(memremap), std::filesystem::exists(mm) ? readFile(mm) : "");
}

}  // namespace kconv
