// Runs one semantic patch over many files: batches of files per spatch
// process (--file-groups, one group per file), batches in parallel, a
// per-file --timeout and a wall-clock limit per process. A batch whose
// process crashes or hangs is run again one file per process, so the file
// that breaks spatch is named and the others still get their results.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cocci/spatch_output.h"

namespace kconv {

struct SpatchSettings {
  std::string program;  // spatch, absolute
  std::vector<std::string> arguments;  // everything but the files
  unsigned timeoutPerFile = 120;  // seconds, spatch --timeout
  unsigned batchSize = 8;
  unsigned jobs = 1;
  // Called after each process (from worker threads, serialised).
  std::function<void(unsigned done, unsigned total)> progress;
};

struct SpatchRun {
  std::vector<CocciRecord> records;  // in input order, not sorted
  std::vector<SpatchProblem> problems;
  unsigned processes = 0;
  unsigned batchesRetried = 0;  // batches re-run one file per process
};

SpatchRun runSpatch(const SpatchSettings &settings,
                    const std::vector<std::string> &files);

}  // namespace kconv
