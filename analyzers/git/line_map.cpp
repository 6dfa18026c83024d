#include "git/line_map.h"

#include "git/git_handles.h"

namespace kconv::git {

namespace {

int onHunk(const git_diff_delta *, const git_diff_hunk *hunk, void *payload) {
  auto *hunks = static_cast<std::vector<LineMap::Hunk> *>(payload);
  hunks->push_back({static_cast<unsigned>(hunk->old_start), static_cast<unsigned>(hunk->old_lines),
                    static_cast<unsigned>(hunk->new_start), static_cast<unsigned>(hunk->new_lines)});
  return 0;
}

}  // namespace

LineMap::LineMap(const std::string &before, const std::string &after) {
  ensureInit();
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;  // hunks hold exactly the changed lines
  check(git_diff_buffers(before.data(), before.size(), nullptr, after.data(), after.size(),
                         nullptr, &opts, nullptr, nullptr, onHunk, nullptr, &hunks_),
        "line diff");
}

std::optional<unsigned> LineMap::map(unsigned line) const {
  long shift = 0;
  for (const Hunk &h : hunks_) {
    // With no context, a pure insertion has oldLines 0 and sits after
    // oldStart; a change or removal covers [oldStart, oldStart + oldLines).
    unsigned first = h.oldLines == 0 ? h.oldStart + 1 : h.oldStart;
    if (line < first) break;
    if (h.oldLines != 0 && line < h.oldStart + h.oldLines) return std::nullopt;
    shift += static_cast<long>(h.newLines) - static_cast<long>(h.oldLines);
  }
  return static_cast<unsigned>(static_cast<long>(line) + shift);
}

}  // namespace kconv::git
