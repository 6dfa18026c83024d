#include "clang/ast_helpers.h"

#include <nlohmann/json.hpp>

#include <clang/AST/ParentMapContext.h>

namespace kconv {

std::string owningRecordName(const clang::FieldDecl *field) {
  const clang::RecordDecl *record = field->getParent();
  while (record && record->isAnonymousStructOrUnion())
    record = llvm::dyn_cast<clang::RecordDecl>(record->getParent());
  if (!record) return "";
  if (!record->getName().empty()) return record->getName().str();
  // `typedef struct { ... } name_t;`
  if (const auto *td = record->getTypedefNameForAnonDecl())
    return td->getName().str();
  return "";
}

std::string enumConstantName(const clang::Expr *e) {
  if (!e) return "";
  const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e->IgnoreParenImpCasts());
  if (!ref) return "";
  if (const auto *ec = llvm::dyn_cast<clang::EnumConstantDecl>(ref->getDecl()))
    return ec->getName().str();
  return "";
}

ParentStep semanticParent(clang::ASTContext &context, const clang::Stmt *s) {
  ParentStep step;
  step.child = s;
  while (true) {
    auto parents = context.getParents(*step.child);
    if (parents.empty()) return step;
    step.parent = parents[0];
    const auto *ps = step.parent.get<clang::Stmt>();
    if (ps && (llvm::isa<clang::ParenExpr>(ps) ||
               llvm::isa<clang::ImplicitCastExpr>(ps))) {
      step.child = ps;
      continue;
    }
    return step;
  }
}

bool isUnevaluated(clang::ASTContext &context, const clang::Stmt *s) {
  clang::DynTypedNode node = clang::DynTypedNode::create(*s);
  for (int depth = 0; depth < 64; ++depth) {
    auto parents = context.getParents(node);
    if (parents.empty()) return false;
    const clang::DynTypedNode &p = parents[0];
    if (p.get<clang::TypeLoc>() || p.get<clang::QualType>()) return true;
    if (const auto *st = p.get<clang::Stmt>()) {
      if (llvm::isa<clang::UnaryExprOrTypeTraitExpr>(st)) return true;
      if (const auto *g = llvm::dyn_cast<clang::GenericSelectionExpr>(st))
        if (const clang::Stmt *cur = node.get<clang::Stmt>())
          if (cur == g->getControllingExpr()) return true;
      if (llvm::isa<clang::CompoundStmt>(st)) return false;
    }
    if (p.get<clang::Decl>()) return false;
    node = p;
  }
  return false;
}

clang::ast_matchers::internal::Matcher<clang::NamedDecl> anyName(
    const std::vector<std::string> &names) {
  std::vector<llvm::StringRef> refs(names.begin(), names.end());
  return clang::ast_matchers::hasAnyName(refs);
}

std::vector<std::string> stringList(const nlohmann::json &j, const char *key) {
  std::vector<std::string> out;
  if (j.contains(key))
    for (const auto &v : j.at(key)) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace kconv
