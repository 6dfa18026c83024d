// One F:, X: or N: entry of MAINTAINERS as scripts/get_maintainer.pl uses
// it: the regex it builds from the entry, the rank ("pattern depth") an F:
// match gives its section, and its file_match_pattern. Compiled once per
// entry; most F: patterns are plain paths and are compared as strings.
#pragma once

#include <filesystem>
#include <optional>
#include <memory>
#include <string>

#include "core/regex.h"
#include "kernel/maintainers.h"

namespace kconv {

struct MaintainersPattern {
  char type = 'F';  // 'F', 'X' or 'N'
  std::string text;  // the regex text get_maintainer builds
  std::string prefix;  // F:/X: every match starts with this literal text
  std::string required;  // N: every match contains this literal text
  bool literal = false;  // F:/X: text is `prefix` escaped: no regex needed
  std::shared_ptr<const Regex> re;  // RE2: linear in the path, whatever the entry
  bool dir = false;  // ends with '/': covers everything below
  long slashes = 0;  // '/' in text
  int depth = 0;  // F: get_maintainer's rank of a match
};

// Builds the pattern of an F:, X: or N: entry. `treeRoot` is where
// get_maintainer's "-d $value" test looks. Throws std::invalid_argument
// (saying why) when the regex does not compile.
MaintainersPattern compilePattern(const MaintainersEntry &e, const std::filesystem::path &treeRoot);

// get_maintainer.pl's file_match_pattern (F:, X:): `fileSlashes` is the
// number of '/' in `file`.
bool fileMatches(const MaintainersPattern &p, const std::string &file, long fileSlashes);

// get_maintainer.pl's `$file =~ m/$value/x` (N:).
bool nameMatches(const MaintainersPattern &p, const std::string &file);

long slashCount(const std::string &s);

}  // namespace kconv
