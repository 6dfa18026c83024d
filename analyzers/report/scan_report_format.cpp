// `kconv scan --format md|html`: the scan's findings as a conversion report,
// grouped by the scanned tree's MAINTAINERS, the same page `kconv report`
// writes from the JSON. Without a MAINTAINERS file every site goes in the
// "(no MAINTAINERS entry)" group and the report says why.
#include <filesystem>

#include "core/errors.h"
#include "core/rule_pack.h"
#include "report/formats.h"
#include "report/report_builder.h"
#include "report/report_formats.h"

namespace kconv {

namespace {

Report scanReport(const ScanResult &r) {
  ReportInputs in;
  LoadedFindings f;
  f.scan = r;
  const Coverage &c = r.coverage;
  f.source = {"kconv scan", r.tree, KCONV_VERSION, c.translationUnits, c.parsed, c.failed};
  in.findings.push_back(std::move(f));
  in.treeRoot = r.tree.path;
  std::vector<InputProblem> problems;
  std::string path = (std::filesystem::path(r.tree.path) / "MAINTAINERS").string();
  try {
    in.maintainers = loadMaintainers(path);
  } catch (const InputError &e) {
    in.maintainers.path = path;
    problems.push_back({"MAINTAINERS", std::string(e.what()) + ": no subsystems"});
  }
  try {
    in.rules = loadRulePack(dataDir() + "/rules");
  } catch (const InputError &e) {
    problems.push_back({"rules", std::string(e.what()) + ": no proposed flag tests"});
  }
  Report report = buildReport(in);
  report.problems.insert(report.problems.begin(), problems.begin(), problems.end());
  return report;
}

}  // namespace

std::string renderScanMarkdown(const ScanResult &r) { return renderReportMarkdown(scanReport(r)); }
std::string renderScanHtml(const ScanResult &r) { return renderReportHtml(scanReport(r)); }

}  // namespace kconv
