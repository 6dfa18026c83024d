// A private copy of one tree of a repository in a directory of kconv's, for
// compiling a generated commit without touching the user's work tree. The
// directory remembers which tree it holds (.kconv-tree), so moving it to the
// next commit of a series rewrites only the files that commit changed.
#pragma once

#include <string>

#include "git/repository.h"

namespace kconv::git {

class ScratchCheckout {
 public:
  ScratchCheckout(const Repository &repo, std::string dir);

  // Makes the directory hold exactly `tree`'s files. Writes everything the
  // first time (or when the record is missing), then only differences.
  // Returns the number of files written or removed.
  size_t moveTo(const std::string &tree);

  const std::string &dir() const { return dir_; }

 private:
  size_t writeAll(const std::string &tree);
  size_t update(const std::string &from, const std::string &to);

  const Repository &repo_;
  std::string dir_;
};

}  // namespace kconv::git
