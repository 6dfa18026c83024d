// Inline expectations in fixture sources (see fixtures/checkers/README):
// parsing them and comparing them with findings, so a test reads like the
// code it checks, as clang-tidy's CHECK-MESSAGES tests do.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/finding.h"

namespace kconv::test {

struct Expectation {
  std::string file;  // tree-relative
  unsigned line = 0;
  std::string rule;
  unsigned column = 0;  // 0: not checked
  std::map<std::string, std::string> details;  // key -> value (lists comma-joined)
};

// Reads every .c and .h under `root`.
std::vector<Expectation> readExpectations(const std::string &root);

// Human-readable differences; empty when findings match expectations
// exactly (no missing, no unexpected, columns and details as written).
std::vector<std::string> compareWithFindings(
    const std::vector<Expectation> &expected, const std::vector<Finding> &found);

}  // namespace kconv::test
