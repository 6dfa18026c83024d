#include "qemu/refcount_convention.h"

#include "core/regex.h"

#include <filesystem>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace kconv {

namespace {

// The body of the first function definition matching `nameRe`, braces
// balanced; empty if there is none. Good enough for kernel C: no braces in
// the comments of these functions matter for the patterns searched.
std::string functionBody(const std::string &src, const std::string &nameRe,
                         std::string *name = nullptr) {
  Regex::Match m;
  Regex def("\\n(?:static\\s+)?(?:inline\\s+)?(?:void|bool)\\s+(" + nameRe +
            ")\\s*\\([^;{]*\\)\\s*\\{");
  if (!def.search(src, &m)) return "";
  if (name) *name = m.str(1);
  size_t start = static_cast<size_t>(m.groups[0].data() - src.data()) + m.groups[0].size();
  int depth = 1;
  for (size_t i = start; i < src.size(); ++i) {
    if (src[i] == '{') ++depth;
    if (src[i] == '}' && --depth == 0) return src.substr(start, i - start);
  }
  return "";
}

bool contains(const std::string &text, const std::string &re) {
  return Regex(re).search(text);
}

const char *kResetToOne = R"((set_page_count\(\s*page\s*,\s*1\s*\)|folio_set_count\(\s*folio\s*,\s*1\s*\)))";

}  // namespace

std::string FreePageConvention::summary() const {
  if (!known()) return name + ": free-page refcounts not recognised in mm/memremap.c";
  return name + ": free device-private/coherent pages at refcount " +
         std::to_string(privateFree) + ", generic at " + std::to_string(genericFree) +
         ", fs-dax at " + std::to_string(fsdaxFree) +
         (fsdaxMappingHoldsRef() ? " (each mapping holds a reference)" : "");
}

FreePageConvention conventionFromMemremap(const std::string &src) {
  FreePageConvention c;
  c.name = "unknown";
  std::string freeFn;
  std::string body = functionBody(src, "free_zone_device_(?:folio|page)", &freeFn);
  std::string daxFn;
  std::string daxPut = functionBody(src, "__put_devmap_managed_(?:folio_refs|page_refs|page)", &daxFn);

  if (!body.empty()) {
    // v5.17+: the final put of a device page goes to free_zone_device_*().
    bool reset = contains(body, kResetToOne);
    // The type test, or kconv propose's behaviour flag for it (pgmap-flags
    // series: the driver-managed types are the ones with PGMAP_MANAGED_FREE).
    bool resetSkipsPrivate =
        reset && (contains(body, R"(!=\s*MEMORY_DEVICE_PRIVATE)") ||
                  contains(body, R"(!\s*pgmap_has_flag\([^;]*PGMAP_MANAGED_FREE\s*\))"));
    bool resetIsGenericCase =
        reset && contains(body, R"(case\s+MEMORY_DEVICE_GENERIC\s*:[^}]*?)" +
                                    std::string(kResetToOne));
    c.privateFree = 0;
    c.evidence.push_back("mm/memremap.c: " + freeFn +
                         "() hands device-private pages to page_free at refcount 0");
    if (resetSkipsPrivate || resetIsGenericCase) {
      c.genericFree = 1;
      c.genericResetOnFree = true;
      c.evidence.push_back("mm/memremap.c: " + freeFn +
                           "() resets other types' refcount to 1 after page_free");
    } else if (!reset) {
      c.genericFree = 0;
    }
    if (!daxPut.empty() && contains(daxPut, R"(==\s*1\))")) {
      c.fsdaxFree = 1;
      c.evidence.push_back("mm/memremap.c: " + daxFn +
                           "() treats an fs-dax page at refcount 1 as free");
    } else if (contains(body, R"(case\s+MEMORY_DEVICE_FS_DAX\s*:)")) {
      c.fsdaxFree = 0;
      c.evidence.push_back("mm/memremap.c: " + freeFn + "() frees fs-dax pages at 0");
    }
    if (c.privateFree == 0 && c.genericFree == 1 && c.fsdaxFree == 1)
      c.name = "split";
    else if (c.privateFree == 0 && c.fsdaxFree == 0)
      c.name = "zero-based";
  } else if (!daxPut.empty() && contains(daxPut, R"(==\s*1\))")) {
    // Before v5.17 every devmap-managed page was free at refcount 1.
    c.privateFree = c.genericFree = c.fsdaxFree = 1;
    c.name = "one-based";
    c.evidence.push_back("mm/memremap.c: " + daxFn +
                         "() treats every device page at refcount 1 as free");
  }
  return c;
}

void addDaxIdleEvidence(FreePageConvention &c, const std::string &daxHeader) {
  Regex::Match m;
  if (!Regex(R"(\bdax_page_is_idle\s*\([^)]*\)\s*\{[^}]*?(?:page|folio)_ref_count\s*\((?:[^()]|\([^()]*\))*\)\s*==\s*([01])\b)")
           .search(daxHeader, &m))
    return;
  int idle = m.str(1) == "0" ? 0 : 1;
  c.evidence.push_back("include/linux/dax.h: dax_page_is_idle() treats an fs-dax page at refcount " +
                       std::to_string(idle) + " as idle");
  if (c.fsdaxFree < 0) c.fsdaxFree = idle;
  if (c.fsdaxFree != idle) {
    // memremap.c and dax.h disagree: check neither rather than one.
    c.name = "unknown";
    c.fsdaxFree = -1;
    c.evidence.push_back("mm/memremap.c and include/linux/dax.h disagree on the fs-dax free refcount");
  }
  if (c.name == "unknown" && c.privateFree == 0 && c.fsdaxFree == 0) c.name = "zero-based";
}

FreePageConvention detectFreePageConvention(const KernelTree &tree) {
  std::string path = tree.root + "/mm/memremap.c";
  if (!std::filesystem::exists(path))
    throw InputError("not a ZONE_DEVICE-capable tree: no " + path);
  FreePageConvention c = conventionFromMemremap(readFile(path));
  std::string dax = tree.root + "/include/linux/dax.h";
  if (std::filesystem::exists(dax)) addDaxIdleEvidence(c, readFile(dax));
  return c;
}

}  // namespace kconv
