// The architectures a scan or a gate builds. A devmap conversion is arch
// work: in v6.12 x86_64, arm64, powerpc (Book3S-64), riscv (64-bit) and
// loongarch select ARCH_HAS_PTE_DEVMAP, each with its own pXd_devmap() and
// _PAGE_DEVMAP in arch/*/include/asm/. kconv names an architecture by the
// kernel's ARCH= value ("x86_64" for the 64-bit x86 build) and builds the
// ones that are not the host's with `make LLVM=1 ARCH=<arch>`: Clang is a
// cross compiler, lld a cross linker, no cross binutils needed.
#pragma once

#include <string>
#include <vector>

#include "kernel/kernel_tree.h"

namespace kconv {

// The host's ARCH= name, from uname -m as the kernel's
// scripts/subarch.include maps it ("x86_64", "arm64", ...).
std::string hostArch();

// The arch/ directory of an ARCH= name: "x86_64" -> "x86".
std::string srcArchOf(const std::string &arch);

// The architectures whose arch/*/Kconfig selects ARCH_HAS_PTE_DEVMAP in
// this tree, as ARCH= names, sorted ("x86" reads as "x86_64": devmap is
// selected for X86_64 only). Empty on a tree without devmap (v6.17 on).
std::vector<std::string> devmapArches(const std::string &treeRoot);

// --arch LIST: comma-separated ARCH= names, or "all" (devmapArches, and
// the host's first). Throws InputError for a name the tree has no arch/
// directory for. Empty spec: the host's architecture alone.
std::vector<std::string> parseArchList(const std::string &spec, const KernelTree &tree);

// The tree as built for `arch` (arch, srcArch set; the host's keeps its
// uname name so existing build directories stay valid).
KernelTree forArch(const KernelTree &tree, const std::string &arch);

// True when `tree` is built for another architecture than the host's
// (make then needs ARCH=).
bool isCrossArch(const KernelTree &tree);

}  // namespace kconv
