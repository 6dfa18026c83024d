#include "gate/findings_delta.h"

namespace kconv {

namespace {

std::map<std::string, const Finding *> byFingerprint(const std::vector<Finding> &findings) {
  std::map<std::string, const Finding *> out;
  for (const Finding &f : findings) out[f.fingerprint] = &f;
  return out;
}

nlohmann::json findingsJson(const std::vector<Finding> &findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding &f : findings) out.push_back(toJson(f));
  return out;
}

std::vector<Finding> findingsFrom(const nlohmann::json &j) {
  std::vector<Finding> out;
  for (const nlohmann::json &f : j) out.push_back(findingFromJson(f));
  return out;
}

}  // namespace

std::map<std::string, int> FindingsDelta::netRemovedByCategory() const {
  std::map<std::string, int> net;
  for (const Finding &f : removed) ++net[f.category];
  for (const Finding &f : added) --net[f.category];
  return net;
}

FindingsDelta diffFindings(const std::vector<Finding> &before, const std::vector<Finding> &after) {
  auto old = byFingerprint(before);
  auto now = byFingerprint(after);
  FindingsDelta d;
  for (const Finding &f : after) {
    auto it = old.find(f.fingerprint);
    if (it == old.end())
      d.added.push_back(f);
    else if (!(it->second->location == f.location))
      d.moved.push_back({*it->second, f});
  }
  for (const Finding &f : before)
    if (!now.count(f.fingerprint)) d.removed.push_back(f);
  sortFindings(d.added);
  sortFindings(d.removed);
  return d;
}

std::string findingLine(const Finding &f) {
  std::string line = f.location.file + ":" + std::to_string(f.location.line) + ":" +
                     std::to_string(f.location.column) + ": " + f.rule + ": " + f.message;
  if (!f.function.empty()) line += " [in " + f.function + "()]";
  return line;
}

nlohmann::json toJson(const FindingsDelta &d) {
  nlohmann::json moved = nlohmann::json::array();
  for (const MovedFinding &m : d.moved)
    moved.push_back({{"before", toJson(m.before)}, {"after", toJson(m.after)}});
  nlohmann::json j = {{"new", findingsJson(d.added)},
                      {"removed", findingsJson(d.removed)},
                      {"moved", moved},
                      {"units", d.units},
                      {"failed_units", d.failedUnits},
                      {"units_outside_paths", d.unitsOutsidePaths},
                      {"unanalysed", d.unanalysed},
                      {"not_compared", d.notCompared}};
  if (!d.confinedHeaders.empty() || !d.headerNotes.empty())
    j["header_shortcut"] = {{"headers", d.confinedHeaders},
                            {"readers", d.headerReaders},
                            {"parsed_at_parent", d.headerParsedAtParent},
                            {"parsed_at_commit", d.headerParsed},
                            {"sites_moved_from_parent", d.movedHeaders},
                            {"refused", d.headerNotes}};
  return j;
}

FindingsDelta deltaFromJson(const nlohmann::json &j) {
  FindingsDelta d;
  d.added = findingsFrom(j.at("new"));
  d.removed = findingsFrom(j.at("removed"));
  for (const nlohmann::json &m : j.at("moved"))
    d.moved.push_back({findingFromJson(m.at("before")), findingFromJson(m.at("after"))});
  d.units = j.at("units");
  d.failedUnits = j.at("failed_units");
  d.unitsOutsidePaths = j.value("units_outside_paths", 0u);
  d.unanalysed = j.at("unanalysed").get<std::vector<std::string>>();
  d.notCompared = j.at("not_compared").get<std::vector<std::string>>();
  if (j.contains("header_shortcut")) {
    const nlohmann::json &h = j.at("header_shortcut");
    d.confinedHeaders = h.at("headers").get<std::vector<std::string>>();
    d.headerReaders = h.at("readers");
    d.headerParsed = h.at("parsed_at_commit");
    d.headerParsedAtParent = h.value("parsed_at_parent", 0u);
    d.headerNotes = h.value("refused", std::vector<std::string>{});
    d.movedHeaders = h.value("sites_moved_from_parent", std::vector<std::string>{});
  }
  return d;
}

}  // namespace kconv
