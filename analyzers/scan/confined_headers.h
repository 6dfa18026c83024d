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
#include <set>
#include <string>
#include <vector>

#include "git/repository.h"
#include "kernel/compile_db.h"
#include "git/scratch_checkout.h"
#include "scan/header_change.h"

namespace kconv {

struct ConfinedHeaders {
  std::vector<std::string> headers;  // tree-relative, sorted
  std::map<std::string, std::string> refused;  // changed header -> why not
  // Of `headers`, those whose changed items hold no identifier that is a
  // rule's trigger or a macro (defined in any file at either side, or by
  // a -D of the configuration): the items hold no site, so the header's
  // sites at the commit are the parent's, moved by the line map; only the
  // probe is parsed at the commit.
  std::map<std::string, LineMap> moved;
};

// The macros a configuration defines on the command line (-DNAME[=...]):
// they are in no file, so the trigger-free test must know them.
std::set<std::string> commandLineMacros(const std::vector<CompileCommand> &commands);

// Moves `scratch` to each side to search the tree (and leaves it at the
// parent). Files other than .h are never confined. `triggers`: the
// identifiers that are a rule's name or field, or a -D macro.
ConfinedHeaders findConfinedHeaders(const git::Repository &repo, git::ScratchCheckout &scratch,
                                    const std::string &parentTree, const std::string &commitTree,
                                    const std::vector<std::string> &changed,
                                    const std::set<std::string> &triggers,
                                    const HeaderChangeRules &rules = {});

}  // namespace kconv
