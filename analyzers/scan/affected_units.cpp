#include "scan/affected_units.h"

#include <set>

#include "kernel/tree_paths.h"

namespace kconv {

namespace {

bool endsWith(const std::string &s, const char *suffix) {
  std::string x = suffix;
  return s.size() > x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

}  // namespace

SourceUnits::SourceUnits(const std::vector<CompileCommand> &commands, const std::string &root)
    : commands_(commands), root_(!root.empty() && root.back() == '/' ? root : root + "/") {
  for (size_t i = 0; i < commands_.size(); ++i)
    if (commands_[i].file.compare(0, root_.size(), root_) == 0)
      bySource_[commands_[i].file.substr(root_.size())] = i;
}

std::optional<size_t> SourceUnits::unitOf(const std::string &relativeFile) const {
  auto it = bySource_.find(relativeFile);
  if (it == bySource_.end()) return std::nullopt;
  return it->second;
}

std::string SourceUnits::fileOf(size_t command) const {
  return treeRelative(commands_[command].file, root_);
}

UnitSelection selectUnits(const std::vector<std::string> &changed, const SourceUnits &sources,
                          const IncludersOf &includersOf, const SelectionPolicy &policy) {
  UnitSelection out;
  std::set<size_t> outside;
  auto admit = [&](size_t unit, const std::string &why, bool touched) {
    if (out.units.count(unit)) return true;
    if ((!touched || policy.pathsLimitTouched) && !underPaths(sources.fileOf(unit), policy.paths)) {
      outside.insert(unit);
      return false;
    }
    out.units.emplace(unit, why);
    return true;
  };
  // A file's own TU first: it is "touched" whatever header it also includes.
  for (const std::string &f : changed)
    if (auto unit = sources.unitOf(f)) admit(*unit, "touched", true);
  for (const std::string &f : changed) {
    if (sources.unitOf(f)) continue;
    bool source = endsWith(f, ".c") || endsWith(f, ".h");
    if (policy.headersOnly && !endsWith(f, ".h")) {
      if (source) out.unread.push_back(f);
      continue;
    }
    std::vector<size_t> includers = includersOf(f);
    if (includers.empty() && source) out.unread.push_back(f);
    if (policy.oneIncluder) {
      bool covered = false;
      for (size_t i : includers) covered = covered || out.units.count(i);
      if (!covered && !includers.empty()) admit(includers.front(), "includes " + f, false);
      continue;
    }
    for (size_t i : includers) admit(i, "includes " + f, false);
  }
  out.outsidePaths = static_cast<unsigned>(outside.size());
  return out;
}

}  // namespace kconv
