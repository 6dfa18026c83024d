// Which top-level declarations of a parsed TU the checkers walk: those a
// site can be in, given the files a site can be in (clang/prefilter.h). A
// declaration is kept when it is written in such a file, when an #include
// of such a file sits inside it (a syscall table including its list), or
// when it comes out of a macro expansion (kept without looking further:
// its tokens may come from anywhere).
#pragma once

#include <set>
#include <string>
#include <vector>

#include <clang/AST/ASTContext.h>

namespace kconv {

std::vector<clang::Decl *> declsThatMayHoldSites(clang::ASTContext &context,
                                                 const std::set<std::string> &files,
                                                 const std::string &workingDir);

}  // namespace kconv
