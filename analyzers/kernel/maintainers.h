// The kernel's MAINTAINERS file, read the way scripts/get_maintainer.pl reads
// it: a section is a title line followed by `X:\tvalue` entry lines; blank
// lines and `#` comments are skipped; text before the first section is the
// preamble. Lines get_maintainer.pl would misread are kept as problems with
// their line number, so a report can name them instead of dropping them.
#pragma once

#include <string>
#include <vector>

namespace kconv {

// Name of the group of files no MAINTAINERS section covers.
inline const char *const kNoMaintainersEntry = "(no MAINTAINERS entry)";

struct MaintainersEntry {
  char type = 0;  // 'M', 'R', 'L', 'S', 'F', 'X', 'N', ...
  std::string value;  // after "X:" and its blanks
  unsigned line = 0;  // 1-based line in the file
};

struct MaintainersSection {
  std::string title;  // "MEMORY MANAGEMENT - GUP (GET USER PAGES)"
  unsigned line = 0;
  std::vector<MaintainersEntry> entries;  // in file order

  // Values of every entry of one type, in file order.
  std::vector<std::string> values(char type) const;
};

struct MaintainersProblem {
  unsigned line = 0;
  std::string message;  // what is wrong and what kconv did about it
};

struct Maintainers {
  std::string path;  // as given, for messages
  std::vector<MaintainersSection> sections;  // file order
  std::vector<MaintainersProblem> problems;  // by line
};

// Parses MAINTAINERS text. Never throws: anything odd becomes a problem.
//  - an entry-like line that is not `X:` at column 0 (`F mm/x.c`,
//    ` F: mm/`, `f: mm/`) is ignored and its section goes on (get_maintainer
//    would wrongly start a new section titled by that line);
//  - a title not preceded by a blank line, or with no entries, and entries of
//    an unknown type are kept as get_maintainer keeps them, and named;
//  - an entry with an empty value is named and ignored (get_maintainer would
//    match an empty F: against every top-level file).
Maintainers parseMaintainers(const std::string &text, const std::string &path);

// Reads and parses `path`; throws InputError when it cannot be read or holds
// no section at all (not a MAINTAINERS file).
Maintainers loadMaintainers(const std::string &path);

}  // namespace kconv
