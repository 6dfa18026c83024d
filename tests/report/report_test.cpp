// kconv report's figures on the fixture findings (tests/fixtures/report:
// old.json -> new.json over the fixture tree and its MAINTAINERS). The
// expected figures are worked out by hand in the comments: which section
// each file falls in follows from maintainers_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/errors.h"
#include "report/findings_input.h"
#include "kernel/maintainers.h"
#include "report/report_builder.h"

namespace kconv {
namespace {

const std::string kDir = KCONV_REPORT_FIXTURES;
const std::string kTree = kDir + "/tree";

ReportInputs inputs(std::vector<std::string> files, const std::string &maintainers = "") {
  ReportInputs in;
  for (const std::string &f : files) in.findings.push_back(loadFindingsFile(kDir + "/" + f));
  in.maintainers = maintainers.empty() ? loadMaintainers(kTree + "/MAINTAINERS")
                                       : parseMaintainers(maintainers, "MAINTAINERS");
  in.treeRoot = kTree;
  in.rules.files.push_back({"devmap.json", "devmap", "devmap",
                            {{"idioms", {{{"id", "trans_huge_or_devmap"},
                                          {"replacement", "pmd_trans_huge() alone"}}}}}});
  in.rules.files.push_back({"pgmap-type.json", "pgmap-type", "pgmap-type",
                            {{"behaviours",
                              {{"swap-entry", {{"flag", "PGMAP_USE_SWAP_ENTRY"},
                                               {"description", "mapped by a swap entry"}}},
                               {"keep", {{"flag", ""}, {"description", "needs the type"}}}}}}});
  return in;
}

const SubsystemGroup *group(const ConversionReport &r, const std::string &name) {
  for (const SubsystemGroup &g : r.groups)
    if (g.name == name) return &g;
  return nullptr;
}

TEST(ConversionReport, EveryFindingInExactlyOneGroup) {
  Report r = buildReport(inputs({"new.json"}));
  const ConversionReport &c = r.conversion;
  EXPECT_EQ(c.counts.total, 7u);
  EXPECT_EQ(c.counts.unverified, 2u);
  unsigned sum = 0, items = 0;
  for (const SubsystemGroup &g : c.groups) {
    sum += g.counts.total;
    items += g.worklist.size();
  }
  EXPECT_EQ(sum, 7u);
  EXPECT_EQ(items, 7u);
  // Most sites first; equal counts by name.
  std::vector<std::string> names;
  for (const SubsystemGroup &g : c.groups) names.push_back(g.name + "=" + std::to_string(g.counts.total));
  EXPECT_EQ(names, std::vector<std::string>({"HMM - HETEROGENEOUS MEMORY MANAGEMENT=2",
                                             "MEMORY MANAGEMENT - TOP-LEVEL FILES=2",
                                             "DEVICE DIRECT ACCESS (DAX)=1",
                                             "FILESYSTEM DIRECT ACCESS (DAX)=1", "THE REST=1"}));
}

TEST(ConversionReport, GroupCarriesPeopleListsAndBroaderSections) {
  Report r = buildReport(inputs({"new.json"}));
  const SubsystemGroup *dax = group(r.conversion, "FILESYSTEM DIRECT ACCESS (DAX)");
  ASSERT_TRUE(dax);
  EXPECT_EQ(dax->maintainers, std::vector<std::string>({"Dan Williams <dan.j.williams@intel.com>"}));
  EXPECT_EQ(dax->reviewers, std::vector<std::string>({"Matthew Wilcox <willy@infradead.org>"}));
  EXPECT_EQ(dax->lists, std::vector<std::string>({"linux-fsdevel@vger.kernel.org"}));
  EXPECT_EQ(dax->line, 24u);
  const SubsystemGroup *hmm = group(r.conversion, "HMM - HETEROGENEOUS MEMORY MANAGEMENT");
  ASSERT_TRUE(hmm);
  EXPECT_EQ(hmm->broader, std::vector<std::string>({"MEMORY MANAGEMENT - TOP-LEVEL FILES",
                                                    "MEMORY MANAGEMENT", "THE REST"}));
}

TEST(ConversionReport, WorklistClassifiesAndProposes) {
  Report r = buildReport(inputs({"new.json"}));
  const SubsystemGroup *hmm = group(r.conversion, "HMM - HETEROGENEOUS MEMORY MANAGEMENT");
  ASSERT_TRUE(hmm);
  ASSERT_EQ(hmm->worklist.size(), 2u);
  // Sorted by rule: page-mapping.read before pgmap-type.*.
  EXPECT_EQ(hmm->worklist[0].classification, "read");
  EXPECT_EQ(hmm->worklist[0].replacement, "folio_mapping(folio)");
  EXPECT_EQ(hmm->worklist[1].classification, "swap-entry");
  EXPECT_EQ(hmm->worklist[1].replacement,
            "test the PGMAP_USE_SWAP_ENTRY pgmap flag instead of the type: mapped by a swap entry");
  const SubsystemGroup *top = group(r.conversion, "MEMORY MANAGEMENT - TOP-LEVEL FILES");
  ASSERT_TRUE(top);
  EXPECT_EQ(top->worklist[0].replacement, "drop the devmap test");
  EXPECT_EQ(top->worklist[1].classification, "trans_huge_or_devmap");
  EXPECT_EQ(top->worklist[1].replacement, "pmd_trans_huge() alone");
  const SubsystemGroup *dax = group(r.conversion, "DEVICE DIRECT ACCESS (DAX)");
  ASSERT_TRUE(dax);
  EXPECT_EQ(dax->worklist[0].replacement, "keep the type test: needs the type");
  EXPECT_FALSE(dax->worklist[0].verified);
}

TEST(ConversionReport, FilesNoEntryCoversAreGroupedAsSuch) {
  Report r = buildReport(inputs({"new.json"}, "DAX\nM:\tD <d@x.org>\nF:\tdrivers/dax/\n"));
  ASSERT_EQ(r.conversion.groups.size(), 2u);
  EXPECT_EQ(r.conversion.groups[0].name, kNoMaintainersEntry);
  EXPECT_EQ(r.conversion.groups[0].counts.total, 6u);
  EXPECT_EQ(r.conversion.groups[0].line, 0u);
  EXPECT_EQ(r.conversion.groups[1].name, "DAX");
}

TEST(ConversionReport, SameInputInAnyOrderGivesTheSameReport) {
  ReportInputs in = inputs({"new.json"});
  Report a = buildReport(in);
  std::mt19937 rng(7);
  std::shuffle(in.findings[0].scan.findings.begin(), in.findings[0].scan.findings.end(), rng);
  Report b = buildReport(in);
  ASSERT_EQ(a.conversion.groups.size(), b.conversion.groups.size());
  for (size_t i = 0; i < a.conversion.groups.size(); ++i) {
    const auto &x = a.conversion.groups[i].worklist, &y = b.conversion.groups[i].worklist;
    ASSERT_EQ(x.size(), y.size());
    for (size_t k = 0; k < x.size(); ++k) EXPECT_EQ(x[k].location, y[k].location);
  }
}

TEST(ProgressReport, RemovedAddedRemaining) {
  Report r = buildReport(inputs({"old.json", "new.json"}));
  ASSERT_EQ(r.progress.size(), 1u);
  const ProgressReport &p = r.progress[0];
  // old: 6 sites; new: 7. Remaining: mm/gup.c:100->120 (same fingerprint,
  // moved), gup.c:290->300 (edited: same rule, file, function), hmm.c:38->40
  // and device.c:10. Removed: hmm.c:90, fs/dax.c:20. Added: the other 3.
  EXPECT_EQ(p.total.before, 6u);
  EXPECT_EQ(p.total.after, 7u);
  EXPECT_EQ(p.total.removed, 2u);
  EXPECT_EQ(p.total.added, 3u);
  EXPECT_EQ(p.total.remaining, 4u);
  ASSERT_EQ(p.removed.size(), 2u);
  EXPECT_EQ(p.removed[0].item.location.file, "fs/dax.c");
  EXPECT_EQ(p.removed[0].subsystem, "FILESYSTEM DIRECT ACCESS (DAX)");
  EXPECT_EQ(p.removed[1].item.location.line, 90u);
  ASSERT_EQ(p.added.size(), 3u);
  EXPECT_EQ(p.added[2].item.location.file, "mm/hmm.c");
}

TEST(ProgressReport, EveryRowAddsUp) {
  Report r = buildReport(inputs({"old.json", "new.json"}));
  const ProgressReport &p = r.progress[0];
  for (const auto *rows : {&p.categories, &p.subsystems, &p.rules})
    for (const ProgressRow &row : *rows) {
      EXPECT_EQ(row.delta.before, row.delta.removed + row.delta.remaining) << row.key;
      EXPECT_EQ(row.delta.after, row.delta.added + row.delta.remaining) << row.key;
    }
  auto find = [](const std::vector<ProgressRow> &rows, const std::string &key) {
    return *std::find_if(rows.begin(), rows.end(), [&](const ProgressRow &r) { return r.key == key; });
  };
  Delta pm = find(p.categories, "page-mapping").delta;
  EXPECT_EQ(pm.before, 3u);
  EXPECT_EQ(pm.after, 2u);
  EXPECT_EQ(pm.removed, 2u);
  EXPECT_EQ(pm.added, 1u);
  EXPECT_EQ(find(p.rules, "page-mapping.compare").category, "page-mapping");
}

TEST(ProgressReport, SeriesComparesTheBaseWithEachLaterSet) {
  Report r = buildReport(inputs({"old.json", "new.json", "new.json"}));
  ASSERT_EQ(r.progress.size(), 2u);
  EXPECT_EQ(r.progress[1].total.remaining, 4u);
}

TEST(Report, InputProblemsAreCollected) {
  Report r = buildReport(inputs({"old.json", "new.json"}));
  std::vector<std::string> where;
  for (const InputProblem &p : r.problems) where.push_back(p.where);
  // Seven MAINTAINERS problems (maintainers_test.cpp), then old.json's
  // failed translation unit.
  ASSERT_EQ(where.size(), 8u);
  EXPECT_EQ(where[0], "MAINTAINERS:60");
  EXPECT_EQ(where[6], "MAINTAINERS:77");
  EXPECT_EQ(where[7], kDir + "/old.json");
}

}  // namespace
}  // namespace kconv
