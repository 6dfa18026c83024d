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

ScanResult scanResultFromJson(const nlohmann::json &j) {
  ScanResult r;
  const auto &t = j.at("tree");
  r.tree = {t.value("path", ""), t.value("kernel", ""), t.value("arch", ""),
            t.value("config", "")};
  for (const auto &f : j.at("findings")) r.findings.push_back(findingFromJson(f));
  const auto &c = j.at("coverage");
  r.coverage.translationUnits = c.value("translation_units", 0u);
  r.coverage.parsed = c.value("parsed", 0u);
  r.coverage.failed = c.value("failed", 0u);
  for (const auto &u : c.value("failed_units", nlohmann::json::array()))
    r.coverage.failedUnits.push_back({u.value("file", ""), u.value("reason", "")});
  for (auto it = c.begin(); it != c.end(); ++it)
    if (it.key() != "translation_units" && it.key() != "parsed" &&
        it.key() != "failed" && it.key() != "failed_units")
      r.coverage.extra[it.key()] = it.value();
  return r;
}

}  // namespace kconv
