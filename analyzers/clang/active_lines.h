// Which lines the configuration compiled. The preprocessor skips the #if
// branches the configuration disables; a line of a file the TU entered that
// no skipped range covers was compiled (or, inside a #define, defined). The
// merge of engines uses this to tell a site in a disabled branch from one
// Clang saw and did not report.
#pragma once

#include <functional>
#include <memory>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <clang/Basic/SourceManager.h>
#include <clang/Lex/PPCallbacks.h>

namespace kconv {

// Tree-relative file -> sorted line numbers worth asking about.
using LinesOfInterest = std::map<std::string, std::vector<unsigned>>;

using SkippedLines = std::map<std::string, std::vector<std::pair<unsigned, unsigned>>>;

// The lines of interest that `skipped` (one TU's) leaves compiled, added to
// `active` (a line is compiled when some TU compiled it).
void addActiveLines(const SkippedLines &skipped, const LinesOfInterest &interest,
                    std::map<std::string, std::set<unsigned>> &active);

class ActiveLineRecorder {
 public:
  // The callbacks to add to the TU's preprocessor; they record into *this.
  std::unique_ptr<clang::PPCallbacks> callbacks(const clang::SourceManager &sm);

  // For every tree file the TU entered (named by `relativePath`, empty
  // for files outside the tree): the line ranges its #if branches skipped,
  // as exclusive bounds (the bounding directives themselves were read).
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> skippedLines(
      const clang::SourceManager &sm,
      const std::function<std::string(clang::FileID)> &relativePath) const;

 private:
  friend class ActiveLineCallbacks;
  std::set<clang::FileID> entered_;
  // Per FileID, skipped ranges as [begin, end] file offsets.
  std::map<clang::FileID, std::vector<std::pair<unsigned, unsigned>>> skipped_;
};

}  // namespace kconv
