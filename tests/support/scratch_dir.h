// Scratch space of one test process. ctest runs every test case as its own
// process (gtest_discover_tests), often in parallel, so each process gets
// its own directory; it is removed when the process exits, because a test
// run leaves nothing behind: the kernel tests copy trees, fill caches and
// build kernels, and a few hundred leftover directories filled the CI
// machine's disk. KCONV_KEEP_TEST_FILES=1 keeps them for a post-mortem.
#pragma once

#include <string>

namespace kconv::test {

// <test temp dir>/<prefix>-<pid>, made empty on first use and removed at
// exit (std::atexit, so not after a crash or a kill: the next run with the
// same pid starts from an empty one anyway).
std::string processScratchDir(const std::string &prefix);

}  // namespace kconv::test
