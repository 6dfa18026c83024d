// The findings half of the gate: which translation units a commit can
// affect (the .c files it changes, and every TU that includes a header it
// changes, from clang/includer_index.h), and the findings of exactly
// those TUs in the scratch checkout, at the parent and at the commit. TUs
// outside that set read no changed file, so their findings are the same on
// both sides and the delta of the set is the delta of the whole tree. The
// Clang engine's per-TU cache (keyed by command and the content of every
// file read) makes the parent's side mostly free: it is the previous
// commit's side.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/rule_pack.h"
#include "gate/findings_delta.h"
#include "kernel/build_dir.h"
#include "kernel/kernel_tree.h"
#include "clang/includer_index.h"
#include "scan/affected_units.h"
#include "scan/header_change.h"

namespace kconv {

struct AnalysisOptions {
  unsigned jobs = 1;
  std::string tuCacheDir;  // clang/tu_cache.h; empty: none
  std::string includerCacheFile;  // clang/includer_index.h; empty: none
  // Tree-relative: only TUs under these are analysed (empty: all). A
  // header nearly every TU includes (mm.h, memremap.h) otherwise means
  // parsing thousands of includers at both sides of the commit.
  std::vector<std::string> paths;
};

class SeriesAnalysis {
 public:
  // `build`: the scan configuration prepared for the user's tree; its
  // commands are moved onto `checkoutDir` (kernel/command_relocate.h).
  SeriesAnalysis(const KernelTree &tree, const PreparedBuild &build, const RulePack &rules,
                 std::string checkoutDir, AnalysisOptions options);
  ~SeriesAnalysis();

  struct Units {
    std::vector<size_t> commands;  // indices into the relocated commands
    std::vector<std::string> unanalysed;  // changed sources no TU reads
    unsigned outsidePaths = 0;  // affected TUs left out by AnalysisOptions::paths
    // The header shortcut (scan/confined_headers.h): changed headers whose
    // change is confined, and the other TUs that read them, which are
    // analysed for those headers' own sites only.
    std::vector<std::string> confinedHeaders;
    std::vector<size_t> headerReaders;
  };
  // Builds the includer index on first use, from the checkout as it is.
  // `confinedHeaders` (a subset of `changedFiles`): see Units.
  Units affectedUnits(const std::vector<std::string> &changedFiles,
                      const std::vector<std::string> &confinedHeaders = {});

  struct Findings {
    std::vector<Finding> findings;  // classified, fingerprinted
    unsigned parsed = 0, failed = 0;
    std::map<std::string, std::string> failedFiles;  // tree-relative TU -> first error
    // Of failedFiles, the TUs parsed for confined headers' sites: one that
    // fails at the commit and not at the parent ends the shortcut.
    std::set<std::string> headerFailures;
    unsigned headerParsed = 0;  // TUs parsed for confined headers' sites
    // A site moved from the parent had no line to go to, or the probe
    // found a header site the moved ones lack: the shortcut gives way.
    bool movedRefuted = false;
  };
  // Confined headers whose changed items hold no site (ConfinedHeaders::
  // moved): at the commit, their sites are the parent's, moved.
  struct MovedSites {
    const Findings *parent = nullptr;
    const std::map<std::string, LineMap> *maps = nullptr;
  };
  // The findings of `units` in the checkout as it is now.
  Findings findingsOf(const Units &units, const MovedSites *moved = nullptr) const;

 private:
  const RulePack &rules_;
  std::string checkoutDir_;
  AnalysisOptions options_;
  std::vector<CompileCommand> commands_;  // relocated onto the checkout
  std::unique_ptr<SourceUnits> sources_;  // over commands_
  std::unique_ptr<IncluderIndex> index_;
};

// Whether the header shortcut must give way to the full analysis: a TU it
// parsed fails at the commit but not at the parent (the header's new lines
// do not compile there, and every includer may fail).
bool shortcutBroke(const SeriesAnalysis::Findings &before, const SeriesAnalysis::Findings &after);

// The delta of one commit from the findings of its units at both sides.
FindingsDelta commitDelta(const SeriesAnalysis::Units &units,
                          const SeriesAnalysis::Findings &before,
                          const SeriesAnalysis::Findings &after);

}  // namespace kconv
