// Which MAINTAINERS sections cover a file, with scripts/get_maintainer.pl's
// semantics so a report's "Cc" agrees with what maintainers run:
//  - F:/X: are globs turned into regexes as get_maintainer does ('.' -> '\.',
//    '*' -> '.*', '?' -> '.'); a pattern naming a directory of the tree gets
//    a trailing '/', and a pattern ending in '/' covers everything below it;
//    any other pattern matches a prefix of the path with as many '/' as the
//    path (so `mm/*.c` covers mm/gup.c, not mm/damon/core.c);
//  - one X: match excludes the whole section;
//  - N: is a Perl regex (/x) searched anywhere in the path;
//  - rank ("pattern depth"): the number of '/' in the F: pattern, plus one
//    unless it ends in '/', -1 for a pattern starting with '*'; N: ranks 0;
//    the last matching entry of a section sets its rank.
// get_maintainer orders sections of equal rank by Perl hash order (random),
// so any order of them agrees with it. kconv puts first the section whose
// rank-setting pattern has the longer literal part (`fs/dax.c` before
// `fs/*`, `lib/test_hmm*` before `lib/*`: the narrower owner), then keeps
// file order, so output is deterministic and the group is the natural one.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kernel/maintainers.h"

namespace kconv {

struct SectionMatch {
  size_t section = 0;  // index in Maintainers::sections
  int depth = 0;  // get_maintainer's rank: higher is more specific
  size_t literal = 0;  // literal length of the pattern that set `depth`
};

class MaintainersMatcher {
 public:
  // `treeRoot` is where get_maintainer's "is this pattern a directory" test
  // looks (it runs from the tree root).
  MaintainersMatcher(const Maintainers &maintainers, const std::string &treeRoot);
  ~MaintainersMatcher();
  MaintainersMatcher(MaintainersMatcher &&) noexcept;

  // Every section covering `file` (relative to the tree root), most
  // specific first; empty when none does.
  std::vector<SectionMatch> match(const std::string &file) const;

  // Patterns that do not compile as regexes (skipped), by line.
  const std::vector<MaintainersProblem> &problems() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The title of the section owning a tree-relative file (the first of
// MaintainersMatcher::match), kNoMaintainersEntry when none covers it:
// what `kconv propose` splits a series by and `kconv report` groups by.
using SubsystemOf = std::function<std::string(const std::string &file)>;
SubsystemOf subsystemOf(const std::string &maintainersText, const std::string &treeRoot);

}  // namespace kconv
