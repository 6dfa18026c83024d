// pgmap-type: type-implied special-casing of ZONE_DEVICE pages. Every read of
// `struct dev_pagemap::type` (comparison with which memory_type, switch with
// which cases, assignment of which type) and every call of a type predicate
// (is_device_private_page() ...), and, where the rule file lists them, the
// pgmap's ops (dev_pagemap_ops::page_free/folio_free): the functions
// implementing them (designated initializers) and their calls. Record,
// field, predicates and ops come from rules/pgmap-type.json.
#pragma once

#include "clang/checker.h"

namespace kconv {

class PgmapTypeChecker : public Checker {
 public:
  PgmapTypeChecker(const RuleFile &rules, SiteReporter &reporter);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void run(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

 private:
  void typeAccess(const clang::MemberExpr *member, clang::ASTContext &context);
  void predicate(const std::string &name, clang::SourceLocation loc,
                 const std::string &kind);
  void opAccess(const clang::MemberExpr *member, clang::ASTContext &context);
  void opImplementation(const clang::DesignatedInitExpr *init);
  void op(const std::string &name, clang::SourceLocation loc, const std::string &kind,
          const std::string &implementation = "");
  SiteSpec spec(const std::string &rule, const std::string &message) const;

  std::string record_, field_;
  std::vector<std::string> predicates_;
  std::map<std::string, nlohmann::json> predicateEntries_;
  std::string opsRecord_;
  std::vector<std::string> ops_;
  std::map<std::string, nlohmann::json> opEntries_;
};

}  // namespace kconv
