// The kernel's MAINTAINERS file: which subsystem entry a file belongs to,
// so a series has one commit per subsystem and each goes to its maintainers.
// Pattern rules follow the file's own header (and get_maintainer.pl):
//   F: dir/     everything in and below dir
//   F: dir/*    files in dir, not below ("*" and "?" never cross a '/')
//   F: a/b.c    that file;  X: the same forms, excluded
//   N: regex    matched against the path (ranks below any F: match)
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kconv::refactor {

struct MaintainersEntry {
  std::string title;  // "MEMORY MANAGEMENT"
  std::vector<std::string> files;  // F:
  std::vector<std::string> excludes;  // X:
  std::vector<std::string> regexes;  // N:
  std::vector<std::string> lists;  // L:
};

std::vector<MaintainersEntry> parseMaintainers(const std::string &text);

// How specifically `pattern` (an F: line) covers `path`: 0 when it does not,
// else the pattern's depth (path components), exact file matches ranking
// above any directory pattern. Exposed for tests.
unsigned matchDepth(const std::string &pattern, const std::string &path);

// The most specific entry covering `path` (an N: match ranks below any F:
// match); ties go to the entry listed first. nullopt when none does.
std::optional<MaintainersEntry> entryFor(const std::vector<MaintainersEntry> &entries,
                                         const std::string &path);

}  // namespace kconv::refactor
