// A scan's whole output: the tree it ran on, its findings and how much of the
// tree it really saw. This is the findings JSON contract of DESIGN.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/finding.h"

namespace kconv {

struct TreeInfo {
  std::string path;
  std::string kernel;  // "6.12.57"
  std::string arch;  // "x86_64"
  std::string config;  // name of the scan configuration
};

struct FailedUnit {
  std::string file;
  std::string reason;  // first error, one line
};

struct Coverage {
  unsigned translationUnits = 0;  // TUs the configuration builds (in --paths)
  unsigned parsed = 0;
  unsigned failed = 0;
  std::vector<FailedUnit> failedUnits;  // sorted by file
  nlohmann::json extra = nlohmann::json::object();  // engine-specific counts
};

struct ScanResult {
  TreeInfo tree;
  std::vector<Finding> findings;  // sorted, fingerprinted
  Coverage coverage;
  // Where the time went (scan --profile): never in the report, which is
  // the same bytes for the same input.
  nlohmann::json profile = nlohmann::json::object();
};

nlohmann::json toJson(const ScanResult &result);
// Checks every field's type and range: InputError "<source>: <key>: ...".
ScanResult scanResultFromJson(const JsonReader &j);
ScanResult scanResultFromJson(const nlohmann::json &j);

}  // namespace kconv
