// page-mapping: every access to `struct page::mapping`, whatever the base
// expression (any variable name, typedef, array element, macro argument),
// classified read / write / compare / address-taken / offsetof. Not
// folio->mapping, file->f_mapping or any other struct's `mapping`: the field
// is identified by its declaration, not by its name. Names the rule file
// lists (the mapping's tag bits, FOLIO_MAPPING_ANON ...) are reported as the
// devmap checker reports names. Settings in rules/page-mapping.json.
#pragma once

#include "clang/checker.h"
#include "clang/devmap_checker.h"

namespace kconv {

class PageMappingChecker : public Checker {
 public:
  PageMappingChecker(const RuleFile &rules, SiteReporter &reporter);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void registerPPCallbacks(clang::Preprocessor &pp) override;
  void run(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

 private:
  bool isTargetField(const clang::ValueDecl *decl) const;
  std::string classify(const clang::MemberExpr *member,
                       clang::ASTContext &context) const;
  void report(clang::SourceLocation loc, const std::string &access, int rank);

  std::string record_, field_;
  std::unique_ptr<DevmapChecker> names_;  // when the rule file lists names
};

}  // namespace kconv
