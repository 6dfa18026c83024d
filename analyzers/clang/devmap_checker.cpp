#include "clang/devmap_checker.h"

#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Lex/Lexer.h>
#include <clang/Lex/PPCallbacks.h>

#include "clang/ast_helpers.h"

using namespace clang::ast_matchers;

namespace kconv {

namespace {

// Sees macro names the AST never shows: _PAGE_DEVMAP, PFN_DEV, and names
// that are macros on some configurations.
class DevmapMacroCallbacks : public clang::PPCallbacks {
 public:
  DevmapMacroCallbacks(DevmapChecker &checker, const clang::Preprocessor &pp)
      : checker_(checker), pp_(pp) {}

  void MacroExpands(const clang::Token &name, const clang::MacroDefinition &,
                    clang::SourceRange, const clang::MacroArgs *) override {
    // _PAGE_BIT_DEVMAP inside _PAGE_DEVMAP's body is part of that one site.
    if (name.getLocation().isMacroID() && checker_.isRuleName(enclosingMacro(name)))
      return;
    seen(name, "use");
  }
  void MacroDefined(const clang::Token &name,
                    const clang::MacroDirective *) override {
    seen(name, "definition");
  }
  void Ifdef(clang::SourceLocation, const clang::Token &name,
             const clang::MacroDefinition &) override {
    seen(name, "condition");
  }
  void Ifndef(clang::SourceLocation, const clang::Token &name,
              const clang::MacroDefinition &) override {
    seen(name, "condition");
  }
  void Defined(const clang::Token &name, const clang::MacroDefinition &,
               clang::SourceRange) override {
    seen(name, "condition");
  }

 private:
  void seen(const clang::Token &tok, const char *kind) {
    if (const clang::IdentifierInfo *ii = tok.getIdentifierInfo())
      checker_.reportName(tok.getLocation(), ii->getName().str(), kind);
  }
  std::string enclosingMacro(const clang::Token &tok) const {
    return clang::Lexer::getImmediateMacroName(
               tok.getLocation(), pp_.getSourceManager(), pp_.getLangOpts())
        .str();
  }
  DevmapChecker &checker_;
  const clang::Preprocessor &pp_;
};

// `!name(x)` or `name(x)`, binding the callee reference as `id`.
auto callOf(const std::vector<std::string> &names, const std::string &id) {
  auto call = callExpr(callee(expr(ignoringParenImpCasts(
      declRefExpr(to(functionDecl(anyName(names)))).bind(id)))));
  return ignoringParenImpCasts(
      anyOf(call, unaryOperator(hasOperatorName("!"),
                                hasUnaryOperand(ignoringParenImpCasts(call)))));
}

}  // namespace

DevmapChecker::DevmapChecker(const RuleFile &rules, SiteReporter &reporter)
    : Checker(rules, reporter) {
  for (const auto &entry : rules.config.at("names")) {
    std::string name = entry.at("name");
    names_.push_back(name);
    nameSet_.insert(name);
    entries_[name] = entry;
  }
}

void DevmapChecker::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      declRefExpr(to(functionDecl(anyName(names_)))).bind("ref"), this);
  finder.addMatcher(
      functionDecl(anyName(names_), isDefinition()).bind("def"), this);
  if (!rules_.config.contains("idioms")) return;
  for (const auto &idiom : rules_.config.at("idioms")) {
    auto left = stringList(idiom, "left");
    auto right = stringList(idiom, "right");
    std::string op = idiom.value("operator", "||");
    auto bound = "idiom:" + idiom.at("id").get<std::string>();
    // `a || b || c` is `(a || b) || c`: look one level into a chain of
    // the same operator, as in split_huge_pmd()'s
    // `is_swap_pmd(x) || pmd_trans_huge(x) || pmd_devmap(x)`.
    auto leftSide = anyOf(callOf(left, "left"),
                          ignoringParenImpCasts(binaryOperator(
                              hasOperatorName(op), hasEitherOperand(callOf(left, "left")))));
    finder.addMatcher(binaryOperator(hasOperatorName(op), hasEitherOperand(leftSide),
                                     hasEitherOperand(callOf(right, bound))),
                      this);
  }
}

void DevmapChecker::registerPPCallbacks(clang::Preprocessor &pp) {
  pp.addPPCallbacks(std::make_unique<DevmapMacroCallbacks>(*this, pp));
}

SiteSpec DevmapChecker::specFor(const std::string &name,
                                const std::string &kind) const {
  const nlohmann::json &entry = entries_.at(name);
  SiteSpec spec;
  spec.rule = rules_.category + "." + name;
  spec.category = rules_.category;
  spec.message = (kind == "definition" ? "definition of " : "") + name + ": " +
                 entry.value("message", std::string("devmap API"));
  spec.details = {{"kind", kind}, {"name", name}};
  if (entry.contains("replacement"))
    spec.details["replacement"] = entry["replacement"];
  return spec;
}

void DevmapChecker::reportName(clang::SourceLocation loc,
                               const std::string &name,
                               const std::string &kind) {
  if (nameSet_.count(name)) reporter_.report(loc, specFor(name, kind));
}

void DevmapChecker::run(const MatchFinder::MatchResult &result) {
  if (const auto *ref = result.Nodes.getNodeAs<clang::DeclRefExpr>("ref")) {
    reportName(ref->getLocation(), ref->getDecl()->getName().str(), "use");
    return;
  }
  if (const auto *def = result.Nodes.getNodeAs<clang::FunctionDecl>("def")) {
    reportName(def->getLocation(), def->getName().str(), "definition");
    return;
  }
  for (const auto &[id, node] : result.Nodes.getMap()) {
    if (id.rfind("idiom:", 0) != 0) continue;
    const auto *ref = node.get<clang::DeclRefExpr>();
    const auto *left = result.Nodes.getNodeAs<clang::DeclRefExpr>("left");
    std::string name = ref->getDecl()->getName().str();
    SiteSpec spec = specFor(name, "use");
    spec.details["idiom"] = id.substr(6);
    if (left) spec.details["idiom_with"] = left->getDecl()->getName().str();
    reporter_.report(ref->getLocation(), std::move(spec));
  }
}

}  // namespace kconv
