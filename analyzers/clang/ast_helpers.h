// Small AST questions several checkers ask.
#pragma once

#include <string>
#include <vector>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <nlohmann/json.hpp>

namespace kconv {

// The named record a field belongs to, looking through anonymous structs and
// unions: struct page's `mapping` sits in an anonymous struct in a union.
std::string owningRecordName(const clang::FieldDecl *field);

// The enumerator an expression names (MEMORY_DEVICE_PRIVATE), or empty.
std::string enumConstantName(const clang::Expr *e);

// The first parent that is not a paren or implicit cast, and the child on
// the way to it.
struct ParentStep {
  clang::DynTypedNode parent;
  const clang::Stmt *child = nullptr;
};
ParentStep semanticParent(clang::ASTContext &context, const clang::Stmt *s);

// True when the expression sits where it is never evaluated: sizeof,
// typeof, _Alignof, or the controlling expression of _Generic. Kernel
// macros (READ_ONCE, WRITE_ONCE) mention their argument there too.
bool isUnevaluated(clang::ASTContext &context, const clang::Stmt *s);

// hasAnyName() over rule data (the matcher copies the names).
clang::ast_matchers::internal::Matcher<clang::NamedDecl> anyName(
    const std::vector<std::string> &names);

std::vector<std::string> stringList(const nlohmann::json &j, const char *key);

}  // namespace kconv
