#include "git/tree_diff.h"

#include <algorithm>

namespace kconv::git {

namespace {

DiffPtr diffTrees(const Repository &repo, const std::string &oldTree,
                  const std::string &newTree) {
  git_oid a = fromHex(oldTree), b = fromHex(newTree);
  git_tree *rawA = nullptr, *rawB = nullptr;
  check(git_tree_lookup(&rawA, repo.raw(), &a), "tree " + oldTree);
  TreePtr ta(rawA);
  check(git_tree_lookup(&rawB, repo.raw(), &b), "tree " + newTree);
  TreePtr tb(rawB);
  git_diff *raw = nullptr;
  check(git_diff_tree_to_tree(&raw, repo.raw(), rawA, rawB, nullptr), "diff of trees");
  return DiffPtr(raw);
}

}  // namespace

std::string diffStat(const Repository &repo, const std::string &oldTree,
                     const std::string &newTree, unsigned width) {
  DiffPtr diff = diffTrees(repo, oldTree, newTree);
  git_diff_stats *stats = nullptr;
  check(git_diff_get_stats(&stats, diff.get()), "diff stats");
  git_buf buf = GIT_BUF_INIT;
  int rc = git_diff_stats_to_buf(&buf, stats, GIT_DIFF_STATS_FULL, width);
  git_diff_stats_free(stats);
  check(rc, "diff stats");
  std::string out(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  return out;
}

std::vector<FileChange> changedFiles(const Repository &repo, const std::string &oldTree,
                                     const std::string &newTree) {
  DiffPtr diff = diffTrees(repo, oldTree, newTree);
  git_diff *raw = diff.get();
  std::vector<FileChange> out;
  for (size_t i = 0; i < git_diff_num_deltas(raw); ++i) {
    const git_diff_delta *d = git_diff_get_delta(raw, i);
    if (d->status == GIT_DELTA_ADDED)
      out.push_back({FileChange::Added, d->new_file.path});
    else if (d->status == GIT_DELTA_DELETED)
      out.push_back({FileChange::Deleted, d->old_file.path});
    else
      out.push_back({FileChange::Modified, d->new_file.path});
  }
  std::sort(out.begin(), out.end(),
            [](const FileChange &x, const FileChange &y) { return x.path < y.path; });
  return out;
}

}  // namespace kconv::git
