// Whether a commit's change to a header can change any finding outside
// that header: the proof behind the gate's header shortcut (docs/gate.md,
// "Header commits").
//
// A finding sits at a token of some file F and is decided by the AST
// around it (the checkers match expressions and their parents, never a
// callee's body) and by the preprocessor's state there. A change to header
// H leaves every finding outside H as it was when:
//  1. the preprocessor does the same outside H: every directive other than
//     a conditional one (#define, #undef, #include, #pragma, ...) is there
//     on both sides, in the same order, under the same conditions, so each
//     TU reads the same files and sees the same macros;
//  2. every declaration outside the changed part means what it meant: the
//     header is cut into top-level items (a declaration up to its `;`, a
//     function definition up to its closing brace, a directive); items
//     present on both sides under the same conditions are unchanged; a
//     changed item is either a function definition whose body alone changed
//     (callers see its head, not its body), or a function definition or
//     prototype that is added or removed and whose name is fresh: it occurs
//     nowhere else in H and in no other file of the tree (the caller checks
//     the tree, `declared`), so nothing else can refer to it.
// Any other change (a struct, a typedef, a variable, a macro, a prototype
// of a name in use) is not confined, and the gate analyses every includer.
// Assumptions, as for the pre-filter: a declared name is written out, not
// pasted together by a macro; a unique name made from __LINE__ or
// __COUNTER__ is used only where it is made.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kconv {

struct HeaderChange {
  bool confined = false;
  std::string reason;  // not confined: the first obstacle, one line
  // Functions (definitions or prototypes) and, under freshMacros, macros
  // added or removed: confined only if none of these names occurs in
  // another file of the tree.
  std::set<std::string> declared;
  // Functions whose body alone changed.
  std::set<std::string> bodies;
  unsigned changedItems = 0;
  // Every identifier of the changed items, at either side: if none can be
  // or expand to a rule's trigger, the changed items hold no site and the
  // header's sites at the commit are the parent's, moved (LineMap).
  std::set<std::string> changedIdentifiers;
};

// What else a caller accepts as confined.
struct HeaderChangeRules {
  // A #define added or removed whose name is fresh (nowhere else in H, and
  // by the caller's search in no other file): no other token can expand
  // it, no #if tests it, so the preprocessor does the same outside the
  // changed items. The gate and the propose compile check accept it (the
  // gate's moved-sites mode never applies then: the macro is defined in a
  // file, so the changed items are parsed).
  bool freshMacros = false;
  // Files where an added or removed name may occur after all, because the
  // caller checks each of them on its own (the compile check compiles, and
  // the gate analyses whole, the TU of every .c file the commit touches:
  // the flags' first user, mm/memremap.c, is in the commit that adds them).
  std::set<std::string> checkedAnyway;
};

HeaderChange examineHeaderChange(const std::string &before, const std::string &after,
                                 const HeaderChangeRules &rules = {});

// C's keywords and GNU C's spellings of them (inline, __inline__, typeof).
bool isCKeyword(const std::string &identifier);

// Where each line of `before` is in `after`: the longest common
// subsequence of lines; a line inside a changed run has no image.
class LineMap {
 public:
  LineMap() = default;
  LineMap(const std::string &before, const std::string &after);
  std::optional<unsigned> map(unsigned line) const;  // 1-based both ways
  bool ok() const { return ok_; }  // false: too large a change to compare

 private:
  std::map<unsigned, unsigned> lines_;
  bool ok_ = false;
};

}  // namespace kconv
