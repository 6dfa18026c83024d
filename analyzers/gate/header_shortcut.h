// Which changed headers of a commit the gate may analyse for their own
// sites only (the header shortcut, docs/gate.md "Header commits"): those
// whose change scan/header_change.h proves confined, and whose added or
// removed functions' names occur in no other file of the tree at either
// side. Every other finding of every TU that reads such a header is the
// same at both sides, so only the header's sites are compared; a commit
// to include/linux/mm.h that adds a helper then parses a few dozen TUs,
// not the 4,600 that include it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "git/repository.h"
#include "git/scratch_checkout.h"

namespace kconv {

struct ConfinedHeaders {
  std::vector<std::string> headers;  // tree-relative, sorted
  std::map<std::string, std::string> refused;  // changed header -> why not
};

// Moves `scratch` to each side to search the tree (and leaves it at the
// parent). Files other than .h are never confined.
ConfinedHeaders findConfinedHeaders(const git::Repository &repo, git::ScratchCheckout &scratch,
                                    const std::string &parentTree, const std::string &commitTree,
                                    const std::vector<std::string> &changed);

}  // namespace kconv
