#include "kernel/maintainers_matcher.h"

#include <algorithm>
#include <unordered_map>

#include "kernel/maintainers_pattern.h"

namespace kconv {

// Patterns are kept in file order (section by section, entry by entry), and
// indexed by the literal directory they start with: a file can only match
// patterns filed under one of its ancestor directories, or under "" (N:
// regexes, patterns starting with a wildcard or naming a top-level file).
// A lookup thus sees tens of patterns instead of all 8,000.
struct MaintainersMatcher::Impl {
  std::vector<MaintainersPattern> patterns;  // file order
  std::vector<uint32_t> sectionOf;  // per pattern
  std::unordered_map<std::string, std::vector<uint32_t>> byDirectory;
  std::vector<MaintainersProblem> problems;

  void add(MaintainersPattern p, uint32_t section) {
    std::string dir = p.type == 'N' ? "" : p.prefix.substr(0, p.prefix.rfind('/') + 1);
    byDirectory[dir].push_back(static_cast<uint32_t>(patterns.size()));
    patterns.push_back(std::move(p));
    sectionOf.push_back(section);
  }

  // Ids of the patterns that may match `file`, in file order.
  std::vector<uint32_t> candidates(const std::string &file) const {
    std::vector<uint32_t> out;
    auto take = [&](const std::string &dir) {
      auto it = byDirectory.find(dir);
      if (it != byDirectory.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    };
    take("");
    for (size_t slash = file.find('/'); slash != std::string::npos; slash = file.find('/', slash + 1))
      take(file.substr(0, slash + 1));
    std::sort(out.begin(), out.end());
    return out;
  }
};

MaintainersMatcher::MaintainersMatcher(const Maintainers &m, const std::string &treeRoot)
    : impl_(std::make_unique<Impl>()) {
  std::filesystem::path root(treeRoot);
  for (uint32_t i = 0; i < m.sections.size(); ++i)
    for (const MaintainersEntry &e : m.sections[i].entries) {
      if ((e.type != 'F' && e.type != 'X' && e.type != 'N') || e.value.empty()) continue;
      try {
        impl_->add(compilePattern(e, root), i);
      } catch (const std::invalid_argument &err) {
        impl_->problems.push_back({e.line, std::string(1, e.type) + ": pattern '" + e.value +
                                               "' is not a valid regex (skipped): " + err.what()});
      }
    }
}

MaintainersMatcher::~MaintainersMatcher() = default;
MaintainersMatcher::MaintainersMatcher(MaintainersMatcher &&) noexcept = default;

std::vector<SectionMatch> MaintainersMatcher::match(const std::string &file) const {
  std::vector<SectionMatch> out;
  long fileSlashes = slashCount(file);
  std::vector<uint32_t> ids = impl_->candidates(file);
  // Walk the candidates section by section: one X: match drops the
  // section; the last matching F:/N: sets its depth.
  for (size_t k = 0; k < ids.size();) {
    uint32_t section = impl_->sectionOf[ids[k]];
    bool excluded = false;
    const MaintainersPattern *last = nullptr;  // the last matching F:/N: sets the rank
    for (; k < ids.size() && impl_->sectionOf[ids[k]] == section; ++k) {
      const MaintainersPattern &p = impl_->patterns[ids[k]];
      if (p.type == 'X') excluded = excluded || fileMatches(p, file, fileSlashes);
      else if (p.type == 'N' ? nameMatches(p, file) : fileMatches(p, file, fileSlashes)) last = &p;
    }
    if (last && !excluded)
      out.push_back({section, last->type == 'N' ? 0 : last->depth,
                     last->type == 'N' ? 0 : last->prefix.size()});
  }
  std::stable_sort(out.begin(), out.end(), [](const SectionMatch &a, const SectionMatch &b) {
    return a.depth != b.depth ? a.depth > b.depth : a.literal > b.literal;
  });
  return out;
}

const std::vector<MaintainersProblem> &MaintainersMatcher::problems() const {
  return impl_->problems;
}

SubsystemOf subsystemOf(const std::string &maintainersText, const std::string &treeRoot) {
  struct State {
    Maintainers maintainers;
    std::unique_ptr<MaintainersMatcher> matcher;
  };
  auto state = std::make_shared<State>();
  state->maintainers = parseMaintainers(maintainersText, "MAINTAINERS");
  state->matcher = std::make_unique<MaintainersMatcher>(state->maintainers, treeRoot);
  return [state](const std::string &file) -> std::string {
    std::vector<SectionMatch> m = state->matcher->match(file);
    return m.empty() ? kNoMaintainersEntry : state->maintainers.sections[m.front().section].title;
  };
}

}  // namespace kconv
