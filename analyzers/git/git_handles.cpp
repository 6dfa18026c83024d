#include "git/git_handles.h"

#include <mutex>

namespace kconv::git {

void ensureInit() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

void check(int rc, const std::string &what) {
  if (rc >= 0) return;
  const git_error *e = git_error_last();
  throw GitError(what + ": " + (e && e->message ? e->message : "libgit2 error " + std::to_string(rc)));
}

std::string toHex(const git_oid &oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

git_oid fromHex(const std::string &hex) {
  git_oid oid;
  check(git_oid_fromstrn(&oid, hex.data(), hex.size()), "object id " + hex);
  return oid;
}

}  // namespace kconv::git
