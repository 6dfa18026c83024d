#include "clang/page_mapping_checker.h"

#include <clang/AST/Stmt.h>
#include <clang/ASTMatchers/ASTMatchers.h>

#include "clang/ast_helpers.h"

using namespace clang::ast_matchers;

namespace kconv {

namespace {

// Clang 14 has no offsetOfExpr() matcher; this is how its siblings are made.
const internal::VariadicDynCastAllOfMatcher<clang::Stmt, clang::OffsetOfExpr>
    offsetOfExpr;

// Ranks for merging reports at one location: READ_ONCE/WRITE_ONCE expand
// their argument several times (typeof, sizeof checks, the access itself);
// the real access must win over the unevaluated mentions.
int rankOf(const std::string &access) {
  if (access == "write") return 4;
  if (access == "address-taken") return 3;
  if (access == "compare") return 2;
  if (access == "read") return 1;
  return 0;  // unevaluated
}

bool isConditionOf(const clang::Stmt *parent, const clang::Stmt *child) {
  if (const auto *s = llvm::dyn_cast<clang::IfStmt>(parent)) return s->getCond() == child;
  if (const auto *s = llvm::dyn_cast<clang::WhileStmt>(parent)) return s->getCond() == child;
  if (const auto *s = llvm::dyn_cast<clang::DoStmt>(parent)) return s->getCond() == child;
  if (const auto *s = llvm::dyn_cast<clang::ForStmt>(parent)) return s->getCond() == child;
  if (const auto *s = llvm::dyn_cast<clang::ConditionalOperator>(parent))
    return s->getCond() == child;
  return false;
}

// READ_ONCE(x) is `({ check(x); *(T *)&x; })`: the value of its last
// statement is the value of the whole expression, so climb out of it.
ParentStep outOfStatementExpression(clang::ASTContext &context, ParentStep up) {
  const auto *body = llvm::dyn_cast_or_null<clang::CompoundStmt>(up.parent.get<clang::Stmt>());
  if (!body || body->body_back() != up.child) return up;
  auto parents = context.getParents(*body);
  if (parents.empty()) return up;
  const auto *stmtExpr = parents[0].get<clang::StmtExpr>();
  return stmtExpr ? semanticParent(context, stmtExpr) : up;
}

// Climbs through `*(T *)&x`, the shape READ_ONCE and WRITE_ONCE give an
// access: that is the field itself, not its address escaping.
ParentStep throughVolatileAccess(clang::ASTContext &context, ParentStep up) {
  while (true) {
    const auto *addr = llvm::dyn_cast_or_null<clang::UnaryOperator>(up.parent.get<clang::Stmt>());
    if (!addr || addr->getOpcode() != clang::UO_AddrOf) return up;
    ParentStep next = semanticParent(context, addr);
    while (const auto *cast = llvm::dyn_cast_or_null<clang::CastExpr>(next.parent.get<clang::Stmt>()))
      next = semanticParent(context, cast);
    const auto *deref = llvm::dyn_cast_or_null<clang::UnaryOperator>(next.parent.get<clang::Stmt>());
    if (!deref || deref->getOpcode() != clang::UO_Deref) return up;
    up = outOfStatementExpression(context, semanticParent(context, deref));
  }
}

}  // namespace

PageMappingChecker::PageMappingChecker(const RuleFile &rules, SiteReporter &reporter)
    : Checker(rules, reporter) {
  record_ = rules.config.at("record");
  field_ = rules.config.at("field");
  if (rules.config.contains("names")) names_ = std::make_unique<DevmapChecker>(rules, reporter);
}

void PageMappingChecker::registerPPCallbacks(clang::Preprocessor &pp) {
  if (names_) names_->registerPPCallbacks(pp);
}

void PageMappingChecker::registerMatchers(MatchFinder &finder) {
  if (names_) names_->registerMatchers(finder);
  finder.addMatcher(memberExpr(member(fieldDecl(hasName(field_)))).bind("member"),
                    this);
  finder.addMatcher(offsetOfExpr().bind("offsetof"), this);
}

bool PageMappingChecker::isTargetField(const clang::ValueDecl *decl) const {
  const auto *field = llvm::dyn_cast_or_null<clang::FieldDecl>(decl);
  return field && field->getName() == field_ && owningRecordName(field) == record_;
}

std::string PageMappingChecker::classify(const clang::MemberExpr *member,
                                         clang::ASTContext &context) const {
  if (isUnevaluated(context, member)) return "unevaluated";
  ParentStep up = throughVolatileAccess(context, semanticParent(context, member));
  const clang::Stmt *parent = up.parent.get<clang::Stmt>();
  if (!parent) return "read";
  if (const auto *bin = llvm::dyn_cast<clang::BinaryOperator>(parent)) {
    if (bin->isAssignmentOp() && bin->getLHS() == up.child) return "write";
    if (bin->isComparisonOp() || bin->isLogicalOp()) return "compare";
    return "read";
  }
  if (const auto *un = llvm::dyn_cast<clang::UnaryOperator>(parent)) {
    if (un->isIncrementDecrementOp()) return "write";
    if (un->getOpcode() == clang::UO_AddrOf) return "address-taken";
    if (un->getOpcode() == clang::UO_LNot) return "compare";
    return "read";
  }
  if (isConditionOf(parent, up.child)) return "compare";
  return "read";
}

void PageMappingChecker::report(clang::SourceLocation loc,
                                const std::string &access, int rank) {
  std::string rule = access == "unevaluated" ? "read" : access;
  SiteSpec s;
  s.rule = rules_.category + "." + rule;
  s.category = rules_.category;
  s.message = access + " of " + record_ + "->" + field_;
  s.details = {{"access", access}};
  if (rules_.config.contains("replacement") &&
      rules_.config["replacement"].contains(rule))
    s.details["replacement"] = rules_.config["replacement"][rule];
  s.rank = rank;
  s.mergeGroup = rules_.category;  // one finding per site, the strongest access
  reporter_.report(loc, std::move(s));
}

void PageMappingChecker::run(const MatchFinder::MatchResult &result) {
  if (const auto *m = result.Nodes.getNodeAs<clang::MemberExpr>("member")) {
    if (!isTargetField(m->getMemberDecl())) return;
    std::string access = classify(m, *result.Context);
    report(m->getMemberLoc(), access, rankOf(access));
    return;
  }
  const auto *off = result.Nodes.getNodeAs<clang::OffsetOfExpr>("offsetof");
  for (unsigned i = 0; off && i < off->getNumComponents(); ++i) {
    const clang::OffsetOfNode &node = off->getComponent(i);
    if (node.getKind() == clang::OffsetOfNode::Field && isTargetField(node.getField()))
      report(node.getEndLoc(), "offsetof", rankOf("read"));
  }
}

}  // namespace kconv
