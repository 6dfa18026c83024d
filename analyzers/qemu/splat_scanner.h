// Finds kernel splats in a console log: the messages that mean a refcount
// or mm bug even when every test reported "ok" (bad page state, refcount_t
// underflow, WARNING, BUG, VM_BUG_ON, KASAN, hung tasks, oopses, panics).
// Any splat fails the run.
#pragma once

#include <string>
#include <vector>

namespace kconv {

struct Splat {
  std::string kind;  // "bad-page", "refcount", "warning", "bug", ...
  unsigned line = 0;  // 1-based line in the console log
  std::string text;  // the matching line, printk timestamp removed
  std::vector<std::string> context;  // following lines, up to the trace end
};

std::vector<Splat> scanForSplats(const std::string &consoleLog);

}  // namespace kconv
