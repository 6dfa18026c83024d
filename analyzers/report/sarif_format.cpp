#include <map>

#include "report/formats.h"

namespace kconv {

namespace {

nlohmann::json sarifRules(const ScanResult &r) {
  std::map<std::string, std::string> rules;  // id -> category
  for (const Finding &f : r.findings) rules.emplace(f.rule, f.category);
  nlohmann::json out = nlohmann::json::array();
  for (const auto &[id, category] : rules)
    out.push_back({{"id", id},
                   {"name", id},
                   {"shortDescription", {{"text", category + ": " + id}}},
                   {"properties", {{"category", category}}}});
  return out;
}

nlohmann::json sarifResult(const Finding &f) {
  nlohmann::json properties = f.details;
  properties["category"] = f.category;
  properties["engine"] = f.engine;
  properties["verified"] = f.verified;
  if (!f.function.empty()) properties["function"] = f.function;
  return {{"ruleId", f.rule},
          {"level", f.verified ? "warning" : "note"},
          {"message", {{"text", f.message}}},
          {"locations",
           {{{"physicalLocation",
              {{"artifactLocation", {{"uri", f.location.file}, {"uriBaseId", "SRCROOT"}}},
               {"region",
                {{"startLine", f.location.line},
                 {"startColumn", f.location.column}}}}}}}},
          {"partialFingerprints", {{"kconv/v1", f.fingerprint}}},
          {"properties", properties}};
}

}  // namespace

std::string renderSarif(const ScanResult &r) {
  nlohmann::json results = nlohmann::json::array();
  for (const Finding &f : r.findings) results.push_back(sarifResult(f));
  nlohmann::json run = {
      {"tool",
       {{"driver",
         {{"name", "kconv"},
          {"version", KCONV_VERSION},
          {"rules", sarifRules(r)}}}}},
      {"originalUriBaseIds", {{"SRCROOT", {{"uri", "file://" + r.tree.path + "/"}}}}},
      {"results", results},
      {"properties",
       {{"kernel", r.tree.kernel},
        {"arch", r.tree.arch},
        {"config", r.tree.config},
        {"coverage", toJson(r)["coverage"]}}}};
  nlohmann::json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", {run}}};
  return sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace kconv
