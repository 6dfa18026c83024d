// What one commit did to the findings, as the 0-day bot reports it: sites
// the commit adds (printed with ">>"), sites it removes, and sites it only
// moves. Sites are matched by fingerprint (rule, file, function, normalised
// code; core/finding.h), which survives line shifts, so a hunk above a
// site does not make it look new.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.h"

namespace kconv {

struct MovedFinding {
  Finding before, after;
};

struct FindingsDelta {
  std::vector<Finding> added;  // sorted by location
  std::vector<Finding> removed;
  std::vector<MovedFinding> moved;  // same fingerprint, new position
  // What the analysis covered: translation units parsed (and failed), and
  // changed files no TU of the configuration reads (their sites unknown).
  unsigned units = 0, failedUnits = 0;
  // TUs the commit can affect that --paths left out (not parsed).
  unsigned unitsOutsidePaths = 0;
  std::vector<std::string> unanalysed;
  // Files left out of the comparison because their TU does not parse on
  // one side ("mm/x.c: does not parse at the commit: error"): what they
  // hold there is unknown, so neither new nor removed sites are claimed.
  std::vector<std::string> notCompared;
  // The header shortcut (scan/confined_headers.h): headers whose change was
  // proven confined; of `units`, those that read only such headers were
  // analysed for the headers' own sites, `headerParsed` of them parsed at
  // the commit and `headerParsedAtParent` at the parent (the others' results
  // came from the per-TU cache, or were not needed: one reader per context).
  // Empty: every unit was analysed whole.
  std::vector<std::string> confinedHeaders;
  unsigned headerReaders = 0, headerParsed = 0, headerParsedAtParent = 0;
  // Of confinedHeaders, those whose sites at the commit are the parent's,
  // moved (no changed item can hold a site): only the probe was parsed.
  std::vector<std::string> movedHeaders;
  // Changed headers analysed in every reader, and why ("include/linux/mm.h:
  // analysed in every reader: a directive added: #define ...").
  std::vector<std::string> headerNotes;

  // Per category: removed minus added (positive: the commit converts it).
  std::map<std::string, int> netRemovedByCategory() const;
};

// `before`/`after` must carry fingerprints (assignFingerprints).
FindingsDelta diffFindings(const std::vector<Finding> &before, const std::vector<Finding> &after);

// "mm/gup.c:969:6: devmap.pmd_devmap: message [in fn()]", as `kconv scan`.
std::string findingLine(const Finding &f);

nlohmann::json toJson(const FindingsDelta &d);
FindingsDelta deltaFromJson(const nlohmann::json &j);

}  // namespace kconv
