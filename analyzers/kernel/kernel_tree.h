// What a kernel source tree is: its root, version and the arch we scan it
// for. Refuses anything that is not one.
#pragma once

#include <optional>
#include <string>

namespace kconv {

struct KernelTree {
  std::string root;  // absolute, canonical
  std::string version;  // "6.12.117" from the top Makefile
  std::string arch;  // uname-style: "x86_64"
  std::string srcArch;  // arch/ directory: "x86"
};

// "6.12.117-rc1" from the version lines of a top Makefile's text; nullopt
// without VERSION and PATCHLEVEL. Throws InputError "<source>: KEY: ..."
// for a value that is not a version (a 30 K EXTRAVERSION names no
// directory kconv could create).
std::optional<std::string> makefileVersion(const std::string &text, const std::string &source);

// Throws InputError ("not a kernel tree: DIR (no Makefile with VERSION)").
KernelTree detectKernelTree(const std::string &dir);

// Major.minor as a number for comparisons: 6.12 -> 612, 6.1 -> 601.
unsigned versionCode(const KernelTree &tree);

}  // namespace kconv
