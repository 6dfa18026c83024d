#include "qemu/device_tree.h"

#include <cstdio>
#include <cstring>

extern "C" {
#include <libfdt.h>
}

#include "core/errors.h"

namespace kconv {

namespace {

void check(int rc, const std::string &what) {
  if (rc < 0) throw InputError("device tree: " + what + ": " + fdt_strerror(rc));
}

// Cells are big-endian 32-bit words; an address or size takes `cells` of them.
void appendCells(std::string &out, uint64_t value, int cells) {
  for (int i = cells - 1; i >= 0; --i) {
    uint32_t word = i >= 2 ? 0 : static_cast<uint32_t>(value >> (32 * i));
    fdt32_t be = cpu_to_fdt32(word);
    out.append(reinterpret_cast<const char *>(&be), sizeof be);
  }
}

uint64_t readCells(const char *&p, int cells) {
  uint64_t v = 0;
  for (int i = 0; i < cells; ++i, p += 4) {
    fdt32_t be;
    std::memcpy(&be, p, sizeof be);
    v = (v << 32) | fdt32_to_cpu(be);
  }
  return v;
}

int cellsOf(const void *fdt, int (*reader)(const void *, int), const std::string &what) {
  int cells = reader(fdt, 0);
  check(cells, what);
  if (cells < 1 || cells > 2) throw InputError("device tree: " + what + " is " + std::to_string(cells));
  return cells;
}

void checkHeader(const std::string &dtb) {
  if (dtb.size() < sizeof(fdt_header)) throw InputError("device tree: truncated header");
  check(fdt_check_header(dtb.data()), "header");
  if (fdt_totalsize(dtb.data()) > dtb.size()) throw InputError("device tree: truncated");
}

}  // namespace

std::string addPmemRegions(const std::string &dtb, const std::vector<MemoryRegion> &regions) {
  checkHeader(dtb);
  std::string buf(fdt_totalsize(dtb.data()) + 1024 + 256 * regions.size(), '\0');
  check(fdt_open_into(dtb.data(), buf.data(), static_cast<int>(buf.size())), "open");
  int ac = cellsOf(buf.data(), fdt_address_cells, "#address-cells");
  int sc = cellsOf(buf.data(), fdt_size_cells, "#size-cells");
  if (regions.empty()) return dtb;
  char name[32];
  std::snprintf(name, sizeof name, "pmem@%llx", static_cast<unsigned long long>(regions[0].start));
  int node = fdt_add_subnode(buf.data(), 0, name);
  check(node, std::string("adding /") + name);
  check(fdt_setprop_string(buf.data(), node, "compatible", "pmem-region"), "compatible");
  std::string reg;
  for (const MemoryRegion &r : regions) {
    appendCells(reg, r.start, ac);
    appendCells(reg, r.size, sc);
  }
  check(fdt_setprop(buf.data(), node, "reg", reg.data(), static_cast<int>(reg.size())), "reg");
  check(fdt_pack(buf.data()), "pack");
  buf.resize(fdt_totalsize(buf.data()));
  return buf;
}

std::vector<MemoryRegion> pmemRegionsOf(const std::string &dtb) {
  checkHeader(dtb);
  const void *fdt = dtb.data();
  int ac = cellsOf(fdt, fdt_address_cells, "#address-cells");
  int sc = cellsOf(fdt, fdt_size_cells, "#size-cells");
  std::vector<MemoryRegion> out;
  int node;
  fdt_for_each_subnode(node, fdt, 0) {
    if (fdt_node_check_compatible(fdt, node, "pmem-region") != 0) continue;
    int len = 0;
    const char *reg = static_cast<const char *>(fdt_getprop(fdt, node, "reg", &len));
    if (!reg || len < 4 * (ac + sc)) throw InputError("device tree: pmem-region without reg");
    for (const char *p = reg; p + 4 * (ac + sc) <= reg + len;) {
      MemoryRegion r;
      r.start = readCells(p, ac);
      r.size = readCells(p, sc);
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace kconv
