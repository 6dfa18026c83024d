// The embedded default tree: Debian's linux-source-6.12, unpacked once into
// the cache. Scans without --tree use it.
#pragma once

#include <functional>
#include <string>

namespace kconv {

constexpr const char *kDefaultKernelPackage = "linux-source-6.12";

// Returns the unpacked tree's path, unpacking (and, as root, installing the
// package) on first use, then telling `status` so (only then: a tree
// already unpacked is silent). Throws InputError when that cannot be done.
std::string ensureDefaultTree(const std::function<void(const std::string &)> &status = nullptr);

}  // namespace kconv
