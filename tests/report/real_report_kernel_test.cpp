// kconv report on real findings (tests/fixtures/report/real: complete v6.1
// and v6.12 scans of mm fs drivers/dax drivers/nvdimm lib) against the real
// MAINTAINERS of the default v6.12 tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/rule_pack.h"
#include "kernel/default_tree.h"
#include "kernel/kernel_tree.h"
#include "report/findings_input.h"
#include "kernel/maintainers.h"
#include "report/report_builder.h"
#include "report/report_formats.h"

namespace kconv {
namespace {

const std::string kReal = KCONV_REPORT_FIXTURES "/real";

ReportInputs realInputs() {
  ReportInputs in;
  in.findings.push_back(loadFindingsFile(kReal + "/v6.1.json"));
  in.findings.push_back(loadFindingsFile(kReal + "/v6.12.json"));
  KernelTree tree = detectKernelTree(ensureDefaultTree());
  // Another 6.12 stable update is fine (a note); another release is not.
  EXPECT_LE(checkFindingsMatchTree(in.findings.back(), tree.root, tree.version).size(), 1u);
  in.treeRoot = tree.root;
  in.maintainers = loadMaintainers(tree.root + "/MAINTAINERS");
  in.rules = loadRulePack(KCONV_DEFAULT_DATA_DIR "/rules");
  return in;
}

const ProgressRow &row(const std::vector<ProgressRow> &rows, const std::string &key) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const ProgressRow &r) { return r.key == key; });
  EXPECT_NE(it, rows.end()) << key;
  return *it;
}

TEST(RealReport, RealMaintainersParsesCleanly) {
  ReportInputs in = realInputs();
  EXPECT_GT(in.maintainers.sections.size(), 2500u);
  EXPECT_TRUE(in.maintainers.problems.empty());
}

TEST(RealReport, V612ConversionReport) {
  Report r = buildReport(realInputs());
  const ConversionReport &c = r.conversion;
  EXPECT_EQ(c.counts.total, 215u);
  unsigned sum = 0;
  for (const SubsystemGroup &g : c.groups) sum += g.counts.total;
  EXPECT_EQ(sum, 215u);
  ASSERT_FALSE(c.groups.empty());
  EXPECT_EQ(c.groups[0].name, "MEMORY MANAGEMENT");
  EXPECT_EQ(c.groups[0].maintainers,
            std::vector<std::string>({"Andrew Morton <akpm@linux-foundation.org>"}));
  EXPECT_EQ(c.groups[0].lists, std::vector<std::string>({"linux-mm@kvack.org"}));
  // Every pgmap-type site proposes something: a flag test, keep, or "decide".
  for (const SubsystemGroup &g : c.groups)
    for (const WorkItem &w : g.worklist)
      if (w.category == "pgmap-type") {
        EXPECT_FALSE(w.replacement.empty()) << w.location.file;
      }
  std::istringstream md(renderReportMarkdown(r));
  for (std::string line; std::getline(md, line);) EXPECT_LE(line.size(), 80u) << line;
}

TEST(RealReport, PageMappingUsesFallFromV61ToV612) {
  Report r = buildReport(realInputs());
  ASSERT_EQ(r.progress.size(), 1u);
  const ProgressReport &p = r.progress[0];
  const Delta &pm = row(p.categories, "page-mapping").delta;
  EXPECT_EQ(pm.before, 94u);
  EXPECT_EQ(pm.after, 28u);
  EXPECT_LT(pm.after * 3, pm.before);  // "falls markedly": by more than two thirds
  EXPECT_EQ(pm.removed, 74u);
  EXPECT_EQ(pm.added, 8u);
  EXPECT_EQ(pm.remaining, 20u);
  EXPECT_EQ(p.total.before, 271u);
  EXPECT_EQ(p.total.after, 215u);
  for (const auto *rows : {&p.categories, &p.subsystems, &p.rules})
    for (const ProgressRow &x : *rows) {
      EXPECT_EQ(x.delta.before, x.delta.removed + x.delta.remaining) << x.key;
      EXPECT_EQ(x.delta.after, x.delta.added + x.delta.remaining) << x.key;
    }
}

}  // namespace
}  // namespace kconv
