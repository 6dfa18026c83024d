#include "clang/pgmap_type_checker.h"

#include <set>

#include <clang/AST/Stmt.h>
#include <clang/ASTMatchers/ASTMatchers.h>

#include "clang/ast_helpers.h"

using namespace clang::ast_matchers;

namespace kconv {

PgmapTypeChecker::PgmapTypeChecker(const RuleFile &rules, SiteReporter &reporter)
    : Checker(rules, reporter) {
  record_ = rules.config.at("record");
  field_ = rules.config.at("field");
  for (const auto &entry : rules.config.at("predicates")) {
    std::string name = entry.at("name");
    predicates_.push_back(name);
    predicateEntries_[name] = entry;
  }
  if (!rules.config.contains("ops")) return;
  opsRecord_ = rules.config["ops"].at("record");
  for (const auto &entry : rules.config["ops"].at("members")) {
    std::string name = entry.at("name");
    ops_.push_back(name);
    opEntries_[name] = entry;
  }
}

void PgmapTypeChecker::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(memberExpr(member(fieldDecl(hasName(field_)))).bind("member"),
                    this);
  finder.addMatcher(
      declRefExpr(to(functionDecl(anyName(predicates_)))).bind("call"), this);
  finder.addMatcher(
      functionDecl(anyName(predicates_), isDefinition()).bind("def"), this);
  if (ops_.empty()) return;
  finder.addMatcher(memberExpr(member(fieldDecl(anyName(ops_)))).bind("op"), this);
  finder.addMatcher(designatedInitExpr().bind("designated"), this);
}

SiteSpec PgmapTypeChecker::spec(const std::string &rule,
                                const std::string &message) const {
  SiteSpec s;
  s.rule = rules_.category + "." + rule;
  s.category = rules_.category;
  s.message = message;
  return s;
}

static std::vector<std::string> switchCases(const clang::SwitchStmt *sw,
                                            bool &hasDefault) {
  std::set<std::string> cases;
  for (const clang::SwitchCase *c = sw->getSwitchCaseList(); c;
       c = c->getNextSwitchCase()) {
    if (const auto *cs = llvm::dyn_cast<clang::CaseStmt>(c)) {
      std::string name = enumConstantName(cs->getLHS());
      if (!name.empty()) cases.insert(name);
    } else {
      hasDefault = true;
    }
  }
  return {cases.begin(), cases.end()};
}

void PgmapTypeChecker::typeAccess(const clang::MemberExpr *member,
                                  clang::ASTContext &context) {
  const auto *field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
  if (!field || owningRecordName(field) != record_) return;
  if (isUnevaluated(context, member)) return;
  std::string what = record_ + "::" + field_;
  ParentStep up = semanticParent(context, member);
  const auto *parent = up.parent.get<clang::Stmt>();
  SiteSpec s = spec("read", "read of " + what);
  if (const auto *bin = llvm::dyn_cast_or_null<clang::BinaryOperator>(parent)) {
    const clang::Expr *other = bin->getLHS() == up.child ? bin->getRHS() : bin->getLHS();
    std::string type = enumConstantName(other);
    nlohmann::json types = nlohmann::json::array();
    if (!type.empty()) types.push_back(type);
    if (bin->isEqualityOp()) {
      s = spec("compare", what + " " + bin->getOpcodeStr().str() + " " +
                              (type.empty() ? "expression" : type));
      s.details = {{"operator", bin->getOpcodeStr().str()}, {"types", types}};
    } else if (bin->isAssignmentOp() && bin->getLHS() == up.child) {
      s = spec("assign", what + " set to " + (type.empty() ? "expression" : type));
      s.details = {{"types", types}};
    }
  } else if (const auto *sw = llvm::dyn_cast_or_null<clang::SwitchStmt>(parent);
             sw && sw->getCond() == up.child) {
    bool hasDefault = false;
    auto cases = switchCases(sw, hasDefault);
    std::string list;
    for (const auto &c : cases) list += (list.empty() ? "" : ", ") + c;
    s = spec("switch", "switch on " + what + " (cases: " + list + ")");
    s.details = {{"types", cases}, {"default", hasDefault}};
  }
  reporter_.report(member->getMemberLoc(), std::move(s));
}

void PgmapTypeChecker::predicate(const std::string &name,
                                 clang::SourceLocation loc,
                                 const std::string &kind) {
  const nlohmann::json &entry = predicateEntries_.at(name);
  SiteSpec s = spec(name, (kind == "definition" ? "definition of " : "") + name +
                              "(): " + entry.value("message", "type predicate"));
  s.details = {{"kind", kind},
               {"types", entry.value("types", nlohmann::json::array())}};
  reporter_.report(loc, std::move(s));
}

void PgmapTypeChecker::op(const std::string &name, clang::SourceLocation loc,
                          const std::string &kind, const std::string &implementation) {
  const nlohmann::json &entry = opEntries_.at(name);
  SiteSpec s = spec(name, name + ": " + entry.value("message", "pgmap op"));
  s.details = {{"kind", kind}, {"name", name}};
  if (!implementation.empty()) s.details["implementation"] = implementation;
  if (entry.contains("replacement")) s.details["replacement"] = entry["replacement"];
  reporter_.report(loc, std::move(s));
}

// `pgmap->ops->folio_free(folio)` is a call; any other use (a test that the
// driver has one) a use.
void PgmapTypeChecker::opAccess(const clang::MemberExpr *member, clang::ASTContext &context) {
  const auto *field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
  if (!field || owningRecordName(field) != opsRecord_) return;
  if (isUnevaluated(context, member)) return;
  ParentStep up = semanticParent(context, member);
  const auto *call = llvm::dyn_cast_or_null<clang::CallExpr>(up.parent.get<clang::Stmt>());
  bool called = call && call->getCallee()->IgnoreParenImpCasts() == member;
  op(field->getName().str(), member->getMemberLoc(), called ? "call" : "use");
}

// `.folio_free = dmirror_devmem_free` in a struct dev_pagemap_ops: the
// driver's implementation of the op.
void PgmapTypeChecker::opImplementation(const clang::DesignatedInitExpr *init) {
  for (const clang::DesignatedInitExpr::Designator &d : init->designators()) {
    if (!d.isFieldDesignator()) continue;
    const clang::FieldDecl *field = d.getField();
    if (!field || owningRecordName(field) != opsRecord_ || !opEntries_.count(field->getName().str()))
      continue;
    std::string implementation;
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(init->getInit()->IgnoreParenImpCasts()))
      implementation = ref->getDecl()->getName().str();
    op(field->getName().str(), d.getFieldLoc(), "implementation", implementation);
  }
}

void PgmapTypeChecker::run(const MatchFinder::MatchResult &result) {
  if (const auto *m = result.Nodes.getNodeAs<clang::MemberExpr>("member"))
    typeAccess(m, *result.Context);
  else if (const auto *ref = result.Nodes.getNodeAs<clang::DeclRefExpr>("call"))
    predicate(ref->getDecl()->getName().str(), ref->getLocation(), "use");
  else if (const auto *def = result.Nodes.getNodeAs<clang::FunctionDecl>("def"))
    predicate(def->getName().str(), def->getLocation(), "definition");
  else if (const auto *m = result.Nodes.getNodeAs<clang::MemberExpr>("op"))
    opAccess(m, *result.Context);
  else if (const auto *d = result.Nodes.getNodeAs<clang::DesignatedInitExpr>("designated"))
    opImplementation(d);
}

}  // namespace kconv
