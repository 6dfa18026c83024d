#include "report/subsystems.h"

#include <algorithm>
#include <filesystem>

namespace kconv {

SubsystemResolver::SubsystemResolver(const Maintainers &maintainers,
                                     const std::string &treeRoot)
    : maintainers_(maintainers), matcher_(maintainers, treeRoot) {}

const FileSubsystem &SubsystemResolver::of(const std::string &file) {
  auto it = cache_.find(file);
  if (it != cache_.end()) return it->second;
  FileSubsystem s;
  for (const SectionMatch &m : matcher_.match(file)) {
    const MaintainersSection *section = &maintainers_.sections[m.section];
    if (!s.section) s.section = section;
    else s.broader.push_back(section);
  }
  return cache_.emplace(file, std::move(s)).first->second;
}

SubsystemGroup SubsystemResolver::emptyGroup(const FileSubsystem &s) const {
  SubsystemGroup g;
  g.name = s.name();
  if (!s.section) return g;
  g.line = s.section->line;
  g.maintainers = s.section->values('M');
  g.reviewers = s.section->values('R');
  g.lists = s.section->values('L');
  g.status = s.section->values('S');
  return g;
}

std::vector<InputProblem> SubsystemResolver::problems() const {
  std::vector<MaintainersProblem> all = maintainers_.problems;
  all.insert(all.end(), matcher_.problems().begin(), matcher_.problems().end());
  std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
    return a.line < b.line;
  });
  std::vector<InputProblem> out;
  for (const MaintainersProblem &p : all)
    out.push_back({std::filesystem::path(maintainers_.path).filename().string() + ":" +
                       std::to_string(p.line),
                   p.message});
  return out;
}

}  // namespace kconv
