// The gate's per-commit findings deltas with and without the header
// shortcut, for the kernel tests that require them identical ("no finding
// lost": docs/gate.md "Header commits").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kconv::test {

struct GateBothWays {
  nlohmann::json shortcut;  // kconv-gate.json of the default run
  nlohmann::json full;      // ... and of the --no-header-shortcut run
};

// Gates `range` of `tree` twice, `--no-build --paths <paths>`, with and
// without `--no-header-shortcut` (each run's kconv-gate.json under
// `reportDir`/shortcut and /full); fails the test on an exit code other
// than 0, and prints both runs' tables and times.
GateBothWays gateBothWays(const std::string &tree, const std::string &range,
                          const std::vector<std::string> &paths, const std::string &reportDir);

// Fails the test where any commit's new, removed or moved sites, or its
// unanalysed files, differ between the two runs.
void expectSameDeltas(const GateBothWays &runs);

}  // namespace kconv::test
