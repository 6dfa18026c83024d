// devmap: every use and definition of the devmap / special page-table API
// (pte_devmap, pmd_mkdevmap, pfn_t_devmap, _PAGE_DEVMAP, PFN_DEV ...), as a
// function, a macro, or a name tested in #if; tags the idiom
// `pXd_trans_huge(x) || pXd_devmap(x)`. Names come from rules/devmap.json.
#pragma once

#include <set>

#include "clang/checker.h"

namespace kconv {

class DevmapChecker : public Checker {
 public:
  DevmapChecker(const RuleFile &rules, SiteReporter &reporter);

  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void registerPPCallbacks(clang::Preprocessor &pp) override;
  void run(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

  bool isRuleName(const std::string &name) const { return nameSet_.count(name) > 0; }

  // Called by the preprocessor callbacks.
  void reportName(clang::SourceLocation loc, const std::string &name,
                  const std::string &kind);

 private:
  SiteSpec specFor(const std::string &name, const std::string &kind) const;

  std::vector<std::string> names_;
  std::set<std::string> nameSet_;
  std::map<std::string, nlohmann::json> entries_;
};

}  // namespace kconv
