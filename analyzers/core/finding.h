// The unit every engine produces and every report consumes: one site in the
// kernel source that a conversion must look at.
#pragma once

#include <nlohmann/json.hpp>

#include "core/json_reader.h"
#include <string>
#include <tuple>
#include <vector>

namespace kconv {

struct Location {
  std::string file;  // relative to the tree root
  unsigned line = 0;  // 1-based
  unsigned column = 0;  // 1-based

  friend bool operator<(const Location &a, const Location &b) {
    return std::tie(a.file, a.line, a.column) <
           std::tie(b.file, b.line, b.column);
  }
  friend bool operator==(const Location &a, const Location &b) {
    return std::tie(a.file, a.line, a.column) ==
           std::tie(b.file, b.line, b.column);
  }
};

struct Finding {
  std::string rule;  // "devmap.pmd_devmap"
  std::string category;  // "devmap" | "pgmap-type" | "page-mapping"
  Location location;
  std::string function;  // enclosing function, empty at file scope
  std::string engine = "clang";
  bool verified = true;
  std::string fingerprint;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
  // The normalised source line: feeds the fingerprint, shown in worklists.
  std::string code;

  // A site is identified by where it is and what rule it breaks.
  std::tuple<const Location &, const std::string &> key() const {
    return {location, rule};
  }
};

// Sorts by file, line, column, rule: the order of every report.
void sortFindings(std::vector<Finding> &findings);

// Fills Finding::fingerprint from rule, file, function and normalised code,
// numbering identical keys in file order so two equal lines stay distinct.
void assignFingerprints(std::vector<Finding> &findings);

// Bytes of a line a finding keeps in `code` (a longer line is cut, marked).
inline constexpr size_t kCodeExcerpt = 400;

// Collapses runs of whitespace and trims, so re-indentation keeps a
// fingerprint stable; keeps at most kCodeExcerpt bytes.
std::string normaliseCode(const std::string &line);

nlohmann::json toJson(const Finding &f);
// Throws InputError naming the key when a field has the wrong type or range.
Finding findingFromJson(const JsonReader &j);
Finding findingFromJson(const nlohmann::json &j);

}  // namespace kconv
