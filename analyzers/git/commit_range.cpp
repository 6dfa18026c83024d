#include "git/commit_range.h"

namespace kconv::git {

namespace {

std::string shortId(const std::string &id) { return id.substr(0, 12); }

std::string resolve(const Repository &repo, const std::string &rev) {
  git_object *raw = nullptr;
  if (git_revparse_single(&raw, repo.raw(), (rev + "^{commit}").c_str()) < 0)
    throw GitError("unknown revision: " + rev);
  ObjectPtr obj(raw);
  return toHex(*git_object_id(raw));
}

}  // namespace

CommitRange walkRange(const Repository &repo, const std::string &spec) {
  size_t dots = spec.find("..");
  if (dots == std::string::npos || spec.find("...") != std::string::npos || dots == 0 ||
      dots + 2 == spec.size())
    throw GitError("expected a range BASE..HEAD, got '" + spec + "'");
  std::string baseId = resolve(repo, spec.substr(0, dots));
  std::string headId = resolve(repo, spec.substr(dots + 2));

  if (baseId == headId) throw GitError("empty range " + spec + ": no commit to gate");
  git_oid h = fromHex(headId), b = fromHex(baseId);
  if (git_graph_descendant_of(repo.raw(), &h, &b) != 1)
    throw GitError(spec.substr(0, dots) + " is not an ancestor of " + spec.substr(dots + 2) +
                   ": the range is not one linear series on BASE");

  // First-parent walk back from HEAD; every commit must have exactly one
  // parent, and the walk must end at BASE itself.
  std::vector<CommitInfo> reversed;
  std::string at = headId;
  while (at != baseId) {
    CommitInfo c = repo.commit(at);
    if (c.parents.size() > 1)
      throw GitError("merge commit " + shortId(c.id) + " in " + spec +
                     ": kconv gate checks linear series only (rebase or gate each side)");
    if (c.parents.empty()) throw GitError("root commit " + shortId(c.id) + " in " + spec);
    reversed.push_back(std::move(c));
    at = reversed.back().parents.front();
  }
  CommitRange range;
  range.base = repo.commit(baseId);
  range.commits.assign(reversed.rbegin(), reversed.rend());
  return range;
}

}  // namespace kconv::git
