// A patch series as kconv plans it (subject, body, file edits per commit)
// and writes it: each commit on top of the previous one, starting from the
// base commit, then one branch pointing at the last. Dates come from the
// base commit, so the same input always gives the same commit ids.
#pragma once

#include <string>
#include <vector>

#include "git/commit_writer.h"
#include "git/repository.h"

namespace kconv::refactor {

struct PlannedCommit {
  std::string subject;  // "mm/gup: ..." (no [PATCH] prefix)
  std::string body;  // wrapped at 72 columns, ends with a newline
  git::FileEdits edits;  // path -> full new content
  std::string subsystem;  // MAINTAINERS entry, "" when not one subsystem's
};

// Two MAINTAINERS entries can map to one prefix ("mm" for mm/*.c and for
// include/linux/huge_mm.h): a series must not carry one subject twice, so a
// one-file commit among those sharing a subject names its file.
void makeSubjectsDistinct(std::vector<PlannedCommit> &commits);

struct SeriesIdentity {
  git::Signature author;  // also the committer
  bool signoff = false;
};

// The author from the repository's git config (user.name, user.email) with
// the base commit's committer date. Throws InputError when unset: kconv
// does not invent identities.
SeriesIdentity identityFor(const git::Repository &repo, const std::string &baseCommit,
                           bool signoff);

struct WrittenSeries {
  std::string base;
  std::vector<std::string> commits;  // ids, in order
  std::vector<std::string> trees;  // their trees
};

// Writes the commits (no ref is touched until setBranch).
WrittenSeries writeSeries(const git::Repository &repo, const std::string &baseCommit,
                          const std::vector<PlannedCommit> &commits,
                          const SeriesIdentity &who);

std::string commitMessage(const PlannedCommit &c, const SeriesIdentity &who);

}  // namespace kconv::refactor
