// Prints the path of kconv's default kernel tree (Debian's linux-source-6.12,
// unpacked in kconv's cache on first use), so a test script can give
// `kconv report --tree` the same tree the kernel tests use.
#include <iostream>

#include "core/errors.h"
#include "kernel/default_tree.h"

int main() {
  try {
    std::cout << kconv::ensureDefaultTree() << "\n";
  } catch (const kconv::InputError &e) {
    std::cerr << "default_tree_path: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
