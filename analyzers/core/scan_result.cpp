#include "core/scan_result.h"

namespace kconv {

nlohmann::json toJson(const ScanResult &r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding &f : r.findings) findings.push_back(toJson(f));
  nlohmann::json failed = nlohmann::json::array();
  for (const FailedUnit &u : r.coverage.failedUnits)
    failed.push_back({{"file", u.file}, {"reason", u.reason}});
  nlohmann::json coverage = {{"translation_units", r.coverage.translationUnits},
                             {"parsed", r.coverage.parsed},
                             {"failed", r.coverage.failed},
                             {"failed_units", failed}};
  coverage.update(r.coverage.extra);
  return {{"tool", "kconv"},
          {"version", KCONV_VERSION},
          {"tree",
           {{"path", r.tree.path},
            {"kernel", r.tree.kernel},
            {"arch", r.tree.arch},
            {"config", r.tree.config}}},
          {"findings", findings},
          {"coverage", coverage}};
}

ScanResult scanResultFromJson(const JsonReader &j) {
  j.expectObject();
  if (j.string("tool") != "kconv") j.at("tool").fail("expected \"kconv\"");
  ScanResult r;
  JsonReader t = j.at("tree").expectObject();
  r.tree = {t.string("path", ""), t.string("kernel", ""), t.string("arch", ""),
            t.string("config", "")};
  JsonReader findings = j.at("findings").expectArray();
  for (size_t i = 0; i < findings.size(); ++i) r.findings.push_back(findingFromJson(findings[i]));
  JsonReader c = j.at("coverage").expectObject();
  constexpr int64_t kMax = 0x7fffffff;
  r.coverage.translationUnits = static_cast<unsigned>(c.integer("translation_units", 0, kMax, 0));
  r.coverage.parsed = static_cast<unsigned>(c.integer("parsed", 0, kMax, 0));
  r.coverage.failed = static_cast<unsigned>(c.integer("failed", 0, kMax, 0));
  if (c.has("failed_units")) {
    JsonReader units = c.at("failed_units").expectArray();
    for (size_t i = 0; i < units.size(); ++i) {
      JsonReader u = units[i].expectObject();
      r.coverage.failedUnits.push_back({u.string("file", ""), u.string("reason", "")});
    }
  }
  for (auto it = c.json().begin(); it != c.json().end(); ++it)
    if (it.key() != "translation_units" && it.key() != "parsed" &&
        it.key() != "failed" && it.key() != "failed_units")
      r.coverage.extra[it.key()] = it.value();
  return r;
}

ScanResult scanResultFromJson(const nlohmann::json &j) {
  return scanResultFromJson(JsonReader(j, "findings"));
}

}  // namespace kconv
