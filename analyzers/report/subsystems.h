// Finds the subsystem a file belongs to: the most specific MAINTAINERS
// section covering it (get_maintainer.pl's first), with the people and lists
// of that section. Findings cluster in few files, so each file is matched
// once and remembered.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kernel/maintainers.h"
#include "kernel/maintainers_matcher.h"
#include "report/report_model.h"

namespace kconv {

struct FileSubsystem {
  const MaintainersSection *section = nullptr;  // null: no entry covers it
  std::vector<const MaintainersSection *> broader;  // the other matches, in rank order

  std::string name() const { return section ? section->title : kNoMaintainersEntry; }
};

class SubsystemResolver {
 public:
  // `maintainers` must outlive the resolver.
  SubsystemResolver(const Maintainers &maintainers, const std::string &treeRoot);

  const FileSubsystem &of(const std::string &file);

  // An empty group for `file`'s subsystem: name, line, people, lists.
  SubsystemGroup emptyGroup(const FileSubsystem &s) const;

  // The parser's and the matcher's problems, as "MAINTAINERS:line" notes.
  std::vector<InputProblem> problems() const;

 private:
  const Maintainers &maintainers_;
  MaintainersMatcher matcher_;
  std::map<std::string, FileSubsystem> cache_;
};

}  // namespace kconv
