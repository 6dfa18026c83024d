#include "refactor/series.h"

#include <filesystem>
#include <map>

#include "core/errors.h"

namespace kconv::refactor {

void makeSubjectsDistinct(std::vector<PlannedCommit> &commits) {
  std::map<std::string, unsigned> uses;
  for (const PlannedCommit &c : commits) ++uses[c.subject];
  for (PlannedCommit &c : commits)
    if (uses[c.subject] > 1 && c.edits.size() == 1)
      c.subject += " in " + std::filesystem::path(c.edits.begin()->first).filename().string();
}

SeriesIdentity identityFor(const git::Repository &repo, const std::string &baseCommit,
                           bool signoff) {
  auto name = repo.config("user.name"), email = repo.config("user.email");
  if (!name || !email || name->empty() || email->empty())
    throw InputError("set user.name and user.email (git config) in " + repo.workdir() +
                     ": the series' author and Signed-off-by come from there");
  git::CommitInfo base = repo.commit(baseCommit);
  SeriesIdentity who;
  who.author = {*name, *email, base.committer.time, base.committer.offsetMinutes};
  who.signoff = signoff;
  return who;
}

std::string commitMessage(const PlannedCommit &c, const SeriesIdentity &who) {
  std::string msg = c.subject + "\n\n" + c.body;
  if (who.signoff)
    msg += "\nSigned-off-by: " + who.author.name + " <" + who.author.email + ">\n";
  return msg;
}

WrittenSeries writeSeries(const git::Repository &repo, const std::string &baseCommit,
                          const std::vector<PlannedCommit> &commits,
                          const SeriesIdentity &who) {
  WrittenSeries out;
  git::CommitInfo base = repo.commit(baseCommit);
  out.base = base.id;
  std::string parent = base.id, tree = base.tree;
  for (const PlannedCommit &c : commits) {
    tree = git::writeTree(repo, tree, c.edits);
    parent = git::writeCommit(repo, parent, tree, who.author, who.author, commitMessage(c, who));
    out.commits.push_back(parent);
    out.trees.push_back(tree);
  }
  return out;
}

}  // namespace kconv::refactor
