// kconv report: group findings by MAINTAINERS subsystem, with worklists and,
// given several findings files (old first), the progress between them.
#include <iostream>

#include "cli/commands.h"
#include "core/text_escape.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/rule_pack.h"
#include "kernel/kernel_tree.h"
#include "report/findings_input.h"
#include "kernel/maintainers.h"
#include "report/report_builder.h"
#include "report/report_formats.h"

namespace kconv {

namespace {

struct ReportArgs {
  std::string tree;
  std::vector<std::string> findings = {"kconv-findings.json"};
  std::string format = "md";
  std::string output = "-";
};

// The tree whose MAINTAINERS groups the findings: --tree, else the tree the
// newest findings were scanned on. Either way it must be that tree.
KernelTree maintainersTree(const ReportArgs &args, const LoadedFindings &newest,
                          std::vector<InputProblem> &problems) {
  std::string dir = args.tree.empty() ? newest.scan.tree.path : args.tree;
  if (dir.empty())
    throw InputError(newest.source.path + " records no tree path: give --tree");
  KernelTree tree = detectKernelTree(dir);
  problems = checkFindingsMatchTree(newest, tree.root, tree.version);
  return tree;
}

int runReport(const ReportArgs &args) {
  ReportInputs in;
  for (const std::string &path : args.findings) in.findings.push_back(loadFindingsFile(path));
  std::vector<InputProblem> treeProblems;
  KernelTree tree = maintainersTree(args, in.findings.back(), treeProblems);
  in.treeRoot = tree.root;
  in.maintainers = loadMaintainers(tree.root + "/MAINTAINERS");
  in.rules = loadRulePack(dataDir() + "/rules");
  Report report = buildReport(in);
  report.problems.insert(report.problems.end(), treeProblems.begin(), treeProblems.end());
  if (!report.problems.empty())
    std::cerr << "kconv: warning: " << report.problems.size()
              << " input problems, listed in the report; first: "
              << escapeLine(report.problems[0].where + ": " + report.problems[0].message) << "\n";
  writeFileAtomically(args.output, reportFormatters().at(args.format)(report));
  const Counts &c = report.conversion.counts;
  Progress().summary("report: " + std::to_string(c.total) + " sites (" +
                     std::to_string(c.verified) + " verified) in " +
                     std::to_string(report.conversion.groups.size()) + " subsystems; " +
                     args.format + " written to " + outputName(args.output));
  return kExitOk;
}

}  // namespace

CommandRunner addReportCommand(CLI::App &app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App *cmd = app.add_subcommand(
      "report", "conversion report per MAINTAINERS subsystem; progress between findings sets");
  cmd->add_option("--tree", args->tree,
                  "kernel tree whose MAINTAINERS groups the findings (default: the tree "
                  "the newest findings were scanned on)")->check(nonEmpty());
  cmd->add_option("--findings", args->findings,
                  "findings JSON from kconv scan; several: oldest first, progress from "
                  "the first to each later one (default: kconv-findings.json)")
      ->expected(1, -1);
  std::vector<std::string> names;
  for (const auto &[name, f] : reportFormatters()) names.push_back(name);
  cmd->add_option("--format", args->format, "md (mail, <= 80 columns), html or json")
      ->check(CLI::IsMember(names));
  cmd->add_option("-o,--output", args->output, "output file (default: stdout)")
      ->check(nonEmpty())
      ->check(notAnOption());
  return [args] { return runReport(*args); };
}

}  // namespace kconv
