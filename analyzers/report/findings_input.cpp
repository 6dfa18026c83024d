#include "report/findings_input.h"

#include <filesystem>
#include <set>
#include <tuple>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/json_reader.h"
#include "core/text_escape.h"

namespace kconv {

namespace {

std::string where(const Finding &f) {
  return f.location.file + ":" + std::to_string(f.location.line) + " (" + f.rule + ")";
}

void checkFindings(const std::string &path, const std::vector<Finding> &findings) {
  std::set<std::tuple<Location, std::string>> seen;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding &f = findings[i];
    const std::string &file = f.location.file;
    std::string n = "finding " + std::to_string(i + 1);
    if (file.empty() || file[0] == '/' || file.rfind("../", 0) == 0 ||
        file.find("/../") != std::string::npos)
      throw InputError(path + ": " + n + ": file '" + file + "' is not relative to the tree");
    if (f.location.line == 0)
      throw InputError(path + ": " + n + ": no line number at " + file);
    if (f.category.empty() || f.rule.rfind(f.category + ".", 0) != 0)
      throw InputError(path + ": " + n + ": rule '" + f.rule + "' is not in category '" +
                       f.category + "'");
    if (!seen.emplace(f.location, f.rule).second)
      throw InputError(path + ": " + where(f) + " is listed twice");
  }
}

// "6.12.57" -> "6.12": files and MAINTAINERS entries change between
// releases, not between stable updates.
std::string release(const std::string &version) {
  size_t dot = version.find('.');
  if (dot == std::string::npos) return version;
  size_t end = version.find_first_not_of("0123456789", dot + 1);
  return version.substr(0, end);
}

}  // namespace

LoadedFindings loadFindingsFile(const std::string &path) {
  nlohmann::json j = JsonReader::parse(readFile(path), path);
  JsonReader top(j, path);
  if (!j.is_object() || !j.contains("tool") || j["tool"] != "kconv")
    throw InputError(path + ": not a kconv findings file (no \"tool\": \"kconv\")");
  if (j.contains("report"))
    throw InputError(path + ": a kconv report, not findings (kconv scan --format json "
                            "writes those)");
  std::string version = top.string("version", "");
  if (version != KCONV_VERSION)
    throw InputError(path + ": written by kconv " + (version.empty() ? "?" : escapeLine(version)) +
                     ", this is kconv " + KCONV_VERSION +
                     ": rule ids and fingerprints may differ; re-run kconv scan");
  LoadedFindings out;
  out.scan = scanResultFromJson(top);
  checkFindings(path, out.scan.findings);
  const Coverage &c = out.scan.coverage;
  out.source = {path, out.scan.tree, version, c.translationUnits, c.parsed, c.failed};
  return out;
}

std::vector<InputProblem> checkFindingsMatchTree(const LoadedFindings &f,
                                                 const std::string &treeRoot,
                                                 const std::string &treeVersion) {
  const TreeInfo &t = f.scan.tree;
  if (t.kernel.empty() || release(t.kernel) != release(treeVersion))
    throw InputError(f.source.path + " was scanned on kernel " +
                     (t.kernel.empty() ? "?" : t.kernel) + " (" + t.path + "), but " + treeRoot +
                     " is " + treeVersion + ": give --tree the tree it was scanned on");
  unsigned missing = 0;
  std::string first;
  for (const Finding &finding : f.scan.findings)
    if (!std::filesystem::exists(std::filesystem::path(treeRoot) / finding.location.file)) {
      if (!missing++) first = finding.location.file;
    }
  if (missing)
    throw InputError(f.source.path + ": " + std::to_string(missing) + " findings are in files " +
                     treeRoot + " does not have (first: " + first +
                     "): findings from another tree?");
  if (t.kernel != treeVersion)
    return {{f.source.path, "scanned on " + t.kernel + ", MAINTAINERS from " + treeVersion +
                                " (" + treeRoot + "): line numbers may differ"}};
  return {};
}

}  // namespace kconv
