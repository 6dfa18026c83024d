// The one way kconv runs Coccinelle's spatch, for detection and rewrites.
// Detection (runSpatch): one semantic patch over many files, batches of
// files per spatch process (--file-groups, one group per file), batches in
// parallel, a per-file --timeout and a wall-clock limit per process. A
// batch whose process crashes or hangs is run again one file per process,
// so the file that breaks spatch is named and the others still get their
// results. Rewrites (runSpatchRewrite): one semantic patch in patch mode,
// with the script's own `// Options:`, on private copies of some files,
// restricted to given sites.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cocci/spatch_output.h"
#include "core/finding.h"
#include "core/job_slots.h"

namespace kconv {

struct SpatchSettings {
  std::string program;  // spatch, absolute
  std::vector<std::string> arguments;  // everything but the files
  unsigned timeoutPerFile = 120;  // seconds, spatch --timeout
  unsigned batchSize = 8;
  unsigned jobs = 1;
  // At most that many spatch processes at once, however many threads ask
  // (chunks in parallel, each with its batches in parallel); null: jobs alone.
  std::shared_ptr<JobSlots> slots;
  // "NAME=value" added to each process's environment (cocci/spatch_gc.h).
  std::vector<std::string> environment;
  // Called after each process (from worker threads, serialised).
  std::function<void(unsigned done, unsigned total)> progress;
};

// One spatch process's wall time, for the engine's profile.
struct SpatchTiming {
  std::vector<std::string> files;
  double seconds = 0;
};

struct SpatchRun {
  std::vector<CocciRecord> records;  // in input order, not sorted
  std::vector<SpatchProblem> problems;
  unsigned processes = 0;
  unsigned batchesRetried = 0;  // batches re-run one file per process
  std::vector<SpatchTiming> timings;  // one per process, in batch order
};

SpatchRun runSpatch(const SpatchSettings &settings,
                    const std::vector<std::string> &files);

struct SpatchRewrite {
  bool ok = false;
  std::map<std::string, std::string> contents;  // path -> rewritten (all inputs)
  std::string error;  // why spatch failed, one line
};

// `files`: tree-relative path -> content; `sites`: the positions to rewrite
// (Location::file names the path; 1-based columns as in kconv's findings).
// KCONV_SITES ("path:line:col,...") and KCONV_ROOT tell the script's python
// filter which matches to keep. One spatch process serves all files; spatch
// never sees the user's tree. `workDir` holds the copies and the log.
SpatchRewrite runSpatchRewrite(const std::string &cocciFile,
                               const std::map<std::string, std::string> &files,
                               const std::vector<Location> &sites, const std::string &workDir);

}  // namespace kconv
