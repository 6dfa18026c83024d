// pgmap-type: type-implied special-casing of ZONE_DEVICE pages. Every read of
// `struct dev_pagemap::type` (comparison with which memory_type, switch with
// which cases, assignment of which type) and every call of a type predicate
// (is_device_private_page() ...). Record, field and predicates come from
// rules/pgmap-type.json.
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
  SiteSpec spec(const std::string &rule, const std::string &message) const;

  std::string record_, field_;
  std::vector<std::string> predicates_;
  std::map<std::string, nlohmann::json> predicateEntries_;
};

}  // namespace kconv
