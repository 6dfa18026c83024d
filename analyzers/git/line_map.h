// Where the lines of a text went after an edit: unchanged lines map to
// their new number, lines inside a changed hunk map to nothing. Lets a
// later rewrite find its sites after an earlier one moved them, and tells
// whether a rewrite touched a site's line (libgit2's buffer diff).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kconv::git {

class LineMap {
 public:
  LineMap(const std::string &before, const std::string &after);

  // The 1-based line of `after` holding old line `line` unchanged, or
  // nullopt when the edit changed or removed it.
  std::optional<unsigned> map(unsigned line) const;

  struct Hunk {
    unsigned oldStart, oldLines, newStart, newLines;
  };
  const std::vector<Hunk> &hunks() const { return hunks_; }

 private:
  std::vector<Hunk> hunks_;  // in order
};

}  // namespace kconv::git
