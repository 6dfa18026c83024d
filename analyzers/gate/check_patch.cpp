#include "gate/check_patch.h"

#include <cctype>

#include "core/errors.h"
#include "git/mail_apply.h"
#include "git/mailbox.h"

namespace kconv {

namespace {

// The id of format-patch's first line, "From <40 hex> Mon Sep 17 00:00:00 2001".
std::string formatPatchCommit(const std::string &patch) {
  const std::string prefix = "From ";
  if (patch.compare(0, prefix.size(), prefix) != 0 || patch.size() < 45) return "";
  std::string id = patch.substr(5, 40);
  for (char c : id)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return "";
  if (patch.compare(45, 25, " Mon Sep 17 00:00:00 2001") != 0) return "";
  return id;
}

}  // namespace

PatchBase patchBase(const git::Repository &repo, const std::string &patch) {
  std::string own = formatPatchCommit(patch);
  if (!own.empty()) {
    try {
      git::CommitInfo c = repo.commit(own);
      if (c.parents.size() == 1) return {c.parents.front(), "parent of " + own.substr(0, 12)};
    } catch (const KconvError &) {
      // Not from this repository: apply it below.
    }
  }
  std::string base = git::findBaseCommit(patch);
  if (!base.empty()) {
    try {
      return {repo.commit(base).id, "base-commit: " + base.substr(0, 12)};
    } catch (const KconvError &) {
    }
  }
  return {repo.headCommit(), "HEAD"};
}

std::vector<std::string> checkPatchLines(const CommitResult &r) {
  std::vector<std::string> out;
  if (!r.applyError.empty()) {
    out.push_back("ERROR: kconv: patch does not apply on " + r.parent.substr(0, 12) + ": " +
                  git::applyErrorSummary(r.applyError));
    return out;
  }
  for (const Finding &f : r.findings.added)
    out.push_back(f.location.file + ":" + std::to_string(f.location.line) + ": WARNING: kconv: " +
                  f.rule + ": " + f.message);
  return out;
}

}  // namespace kconv
