#include "cocci/spatch_gc.h"

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

namespace kconv {

namespace {

// Measured peak of one typing process with o=600 (a batch of 16 files
// with --recursive-includes) was 2.2 GB: 4 GiB each leaves room for Clang's
// parses, which share the job slots in `--engine both`.
constexpr uint64_t kMemoryPerProcess = 4ull << 30;
constexpr const char *kSetting = "OCAMLRUNPARAM=o=600";

}  // namespace

std::vector<std::string> spatchGcEnvironment(const GcContext &context) {
  if (context.userSetting || context.memoryBytes == 0) return {};
  if (context.memoryBytes / std::max(1u, context.processes) < kMemoryPerProcess) return {};
  return {kSetting};
}

std::vector<std::string> spatchGcEnvironment(unsigned processes) {
  GcContext context;
  context.processes = processes;
  long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && size > 0) context.memoryBytes = static_cast<uint64_t>(pages) * size;
  context.userSetting = std::getenv("OCAMLRUNPARAM") || std::getenv("CAMLRUNPARAM");
  return spatchGcEnvironment(context);
}

}  // namespace kconv
