// One checker per rule kind, in the shape of a clang-tidy check: it registers
// AST matchers (and, for macros, preprocessor callbacks) and reports sites.
// Its names and patterns come from its rules/*.json file, never from C++.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/Lex/Preprocessor.h>

#include "clang/site_reporter.h"
#include "core/rule_pack.h"

namespace kconv {

class Checker : public clang::ast_matchers::MatchFinder::MatchCallback {
 public:
  Checker(const RuleFile &rules, SiteReporter &reporter)
      : rules_(rules), reporter_(reporter) {}

  virtual void registerMatchers(clang::ast_matchers::MatchFinder &finder) = 0;
  // Preprocessor callbacks for names that may be macros; most checkers need none.
  virtual void registerPPCallbacks(clang::Preprocessor &pp) {}

 protected:
  const RuleFile &rules_;
  SiteReporter &reporter_;
};

using CheckerFactory =
    std::function<std::unique_ptr<Checker>(const RuleFile &, SiteReporter &)>;

// checker name (the "checker" field of a rule file) -> factory. Adding a
// checker is one new .cpp and one line in checkers.cpp.
const std::map<std::string, CheckerFactory> &checkerFactories();

}  // namespace kconv
