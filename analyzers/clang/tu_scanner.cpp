#include "clang/tu_scanner.h"

#include <filesystem>
#include <set>

#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendActions.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/VirtualFileSystem.h>

#include "clang/checker.h"
#include "kernel/tree_paths.h"
#include "clang/dependency_scan.h"
#include "clang/match_scope.h"
#include "clang/missing_includes.h"
#include "clang/site_reporter.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// A database holding exactly one command, so ClangTool parses the TU with
// the kernel's flags and in the build directory (through its own virtual
// file system: safe in parallel threads, no chdir).
class OneCommandDatabase : public clang::tooling::CompilationDatabase {
 public:
  explicit OneCommandDatabase(clang::tooling::CompileCommand cmd)
      : cmd_(std::move(cmd)) {}
  std::vector<clang::tooling::CompileCommand> getCompileCommands(
      llvm::StringRef) const override {
    return {cmd_};
  }

 private:
  clang::tooling::CompileCommand cmd_;
};

// Keeps the first error for the coverage report; prints nothing.
class FirstErrorConsumer : public clang::DiagnosticConsumer {
 public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error || !first.empty()) return;
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      clang::PresumedLoc p =
          info.getSourceManager().getPresumedLoc(info.getLocation());
      if (p.isValid())
        first = fs::path(p.getFilename()).filename().string() + ":" +
                std::to_string(p.getLine()) + ": ";
    }
    first += text.str().str();
  }
  std::string first;
};

// Hooks the checkers' preprocessor callbacks in before parsing and collects
// the findings, and the files read, once the AST is complete.
class Callbacks : public clang::tooling::SourceFileCallbacks {
 public:
  Callbacks(std::vector<std::unique_ptr<Checker>> &checkers, SiteReporter &reporter,
            std::string workingDir)
      : checkers_(checkers), reporter_(reporter), workingDir_(std::move(workingDir)) {}

  bool handleBeginSource(clang::CompilerInstance &ci) override {
    reporter_.setSourceManager(&ci.getSourceManager(), &ci.getLangOpts());
    for (auto &c : checkers_) c->registerPPCallbacks(ci.getPreprocessor());
    ci.getPreprocessor().addPPCallbacks(active_.callbacks(ci.getSourceManager()));
    ci.getPreprocessor().addPPCallbacks(
        recordMissingIncludes(ci.getPreprocessor(), workingDir_, filesAbsent));
    ci_ = &ci;
    return true;
  }
  void handleEndSource() override {
    if (!ci_) return;
    if (ci_->hasASTContext()) findings = reporter_.finish(ci_->getASTContext());
    if (ci_->hasSourceManager()) {
      filesSeen = reporter_.filesSeen();
      filesRead = allFilesRead(ci_->getSourceManager());
      skippedLines = active_.skippedLines(
          ci_->getSourceManager(), [&](clang::FileID fid) { return reporter_.relativePath(fid); });
    }
  }

  std::vector<Finding> findings;
  std::vector<std::string> filesSeen;
  std::vector<std::string> filesRead;
  std::vector<std::string> filesAbsent;
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> skippedLines;

 private:
  std::vector<std::string> allFilesRead(const clang::SourceManager &sm) const {
    std::set<std::string> out;
    for (auto it = sm.fileinfo_begin(); it != sm.fileinfo_end(); ++it)
      out.insert(absoluteSourcePath(it->first->getName().str(), workingDir_));
    return {out.begin(), out.end()};
  }

  std::vector<std::unique_ptr<Checker>> &checkers_;
  SiteReporter &reporter_;
  std::string workingDir_;
  ActiveLineRecorder active_;
  clang::CompilerInstance *ci_ = nullptr;
};

// The checkers' MatchFinder, run over the declarations a site can be in,
// and told which function bodies the parser may skip.
class ScopedMatchConsumer : public clang::ASTConsumer {
 public:
  ScopedMatchConsumer(std::unique_ptr<clang::ASTConsumer> matcher, const SiteFiles *files,
                      const clang::SourceManager &sm, std::string workingDir)
      : matcher_(std::move(matcher)), files_(files), sm_(sm), workingDir_(std::move(workingDir)) {}

  void HandleTranslationUnit(clang::ASTContext &context) override {
    if (files_)
      context.setTraversalScope(
          declsThatMayHoldSites(context, files_->mayHoldSites, workingDir_));
    matcher_->HandleTranslationUnit(context);
  }

  bool shouldSkipFunctionBody(clang::Decl *d) override {
    clang::SourceLocation at = d->getLocation();
    if (!files_ || at.isInvalid() || at.isMacroID()) return false;
    clang::FileID fid = sm_.getFileID(at);
    auto [it, fresh] = skippable_.try_emplace(fid, false);
    if (fresh) {
      const clang::FileEntry *entry = sm_.getFileEntryForID(fid);
      std::string name = entry ? absoluteSourcePath(entry->getName().str(), workingDir_) : "";
      it->second = entry && !files_->mayHoldSites.count(name) &&
                   !files_->includeInBraces.count(name);
    }
    return it->second;
  }

 private:
  std::unique_ptr<clang::ASTConsumer> matcher_;
  const SiteFiles *files_;
  const clang::SourceManager &sm_;
  std::string workingDir_;
  std::map<clang::FileID, bool> skippable_;
};

// What every parse of one TU shares: its checkers, callbacks and the
// pre-filter's verdict on its files.
struct ScanInputs {
  clang::ast_matchers::MatchFinder &finder;
  Callbacks &callbacks;
  const SiteFiles *files;
  std::string workingDir;
};

class ScanAction : public clang::ASTFrontendAction {
 public:
  explicit ScanAction(const ScanInputs &in) : in_(in) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    // Read by ParseAST, after this: the consumer decides body by body.
    ci.getFrontendOpts().SkipFunctionBodies = in_.files != nullptr;
    return std::make_unique<ScopedMatchConsumer>(in_.finder.newASTConsumer(), in_.files,
                                                 ci.getSourceManager(), in_.workingDir);
  }
  bool BeginSourceFileAction(clang::CompilerInstance &ci) override {
    return ASTFrontendAction::BeginSourceFileAction(ci) && in_.callbacks.handleBeginSource(ci);
  }
  void EndSourceFileAction() override {
    in_.callbacks.handleEndSource();
    ASTFrontendAction::EndSourceFileAction();
  }

 private:
  const ScanInputs &in_;
};

class ScanActionFactory : public clang::tooling::FrontendActionFactory {
 public:
  explicit ScanActionFactory(ScanInputs in) : in_(std::move(in)) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<ScanAction>(in_);
  }

 private:
  ScanInputs in_;
};

bool startsWith(const std::string &s, const char *prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

std::vector<std::string> parseArguments(const CompileCommand &command) {
  std::vector<std::string> out;
  const auto &args = command.arguments;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (startsWith(a, "-Wp,-M") || startsWith(a, "-Werror")) continue;
    if (a == "-MD" || a == "-MMD") continue;
    if (a == "-MF" || a == "-MT" || a == "-MQ") {
      ++i;
      continue;
    }
    out.push_back(a);
  }
  // Before the source file, which the command ends with.
  auto pos = out.empty() ? out.end() : out.end() - 1;
  // -fno-caret-diagnostics also stops clang's "N errors generated." line:
  // errors are reported once, in the coverage section.
  out.insert(pos, {"-w", "-fno-caret-diagnostics",
                   "-resource-dir=" KCONV_CLANG_RESOURCE_DIR});
  return out;
}

TuResult scanTranslationUnit(const CompileCommand &command, const RulePack &rules,
                             const std::string &treeRoot,
                             const SiteFiles *siteFiles) {
  TuResult result;
  result.file = treeRelative(command.file, treeRoot);

  SiteReporter reporter(treeRoot, command.directory);
  std::vector<std::unique_ptr<Checker>> checkers;
  clang::ast_matchers::MatchFinder finder;
  for (const RuleFile &rf : rules.files) {
    // Every checker exists: runClangEngine refuses a pack that names another.
    checkers.push_back(checkerFactories().at(rf.checker)(rf, reporter));
    checkers.back()->registerMatchers(finder);
  }

  OneCommandDatabase db(clang::tooling::CompileCommand(
      command.directory, command.file, parseArguments(command), command.output));
  // A physical file system of its own: the default real one chdir()s the
  // whole process, which parallel TUs cannot share.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs(
      llvm::vfs::createPhysicalFileSystem().release());
  clang::tooling::ClangTool tool(
      db, {command.file}, std::make_shared<clang::PCHContainerOperations>(), fs);
  FirstErrorConsumer diagnostics;
  tool.setDiagnosticConsumer(&diagnostics);
  tool.setPrintErrorMessage(false);
  Callbacks callbacks(checkers, reporter, command.directory);
  ScanActionFactory factory({finder, callbacks, siteFiles, command.directory});
  int rc = tool.run(&factory);
  result.parsed = rc == 0;
  result.error = diagnostics.first;
  if (!result.parsed && result.error.empty()) result.error = "clang failed to run";
  result.findings = std::move(callbacks.findings);
  result.filesSeen = std::move(callbacks.filesSeen);
  result.filesRead = std::move(callbacks.filesRead);
  result.filesAbsent = std::move(callbacks.filesAbsent);
  std::string source = absoluteSourcePath(command.file, command.directory);
  if (!result.parsed && !fs::exists(source)) result.filesAbsent.push_back(source);
  result.skippedLines = std::move(callbacks.skippedLines);
  return result;
}

}  // namespace kconv
