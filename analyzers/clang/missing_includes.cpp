#include "clang/missing_includes.h"

#include <filesystem>

#include <clang/Basic/SourceManager.h>
#include <clang/Lex/HeaderSearch.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>

#include "clang/dependency_scan.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

class MissingIncludes : public clang::PPCallbacks {
 public:
  MissingIncludes(const clang::Preprocessor &pp, std::string workingDir,
                  std::vector<std::string> &absent)
      : pp_(pp), workingDir_(std::move(workingDir)), absent_(absent) {}

  // Clang calls this for a file it did not find too, with File null.
  void InclusionDirective(clang::SourceLocation hash, const clang::Token &, llvm::StringRef name,
                          bool angled, clang::CharSourceRange, const clang::FileEntry *file,
                          llvm::StringRef, llvm::StringRef, const clang::Module *,
                          clang::SrcMgr::CharacteristicKind) override {
    if (file) return;
    if (fs::path(name.str()).is_absolute()) {
      add("", name.str());
      return;
    }
    // Every search directory, quoted or angled: a superset of where clang
    // looked is still sound (the entry is only dropped more often).
    const clang::HeaderSearch &search = pp_.getHeaderSearchInfo();
    for (auto it = search.search_dir_begin(); it != search.search_dir_end(); ++it)
      if (const clang::DirectoryEntry *dir = it->getDir()) add(dir->getName().str(), name.str());
    if (!angled) {
      // The includer's directory; for -include (the predefines buffer, no
      // file) clang looks in the working directory first.
      const clang::SourceManager &sm = pp_.getSourceManager();
      if (const clang::FileEntry *includer = sm.getFileEntryForID(sm.getFileID(hash)))
        add(fs::path(includer->getName().str()).parent_path().string(), name.str());
      add(workingDir_, name.str());
    }
  }

 private:
  // Named as the engine names every file (relative to the working directory).
  void add(const std::string &dir, const std::string &name) {
    absent_.push_back(absoluteSourcePath((fs::path(dir) / name).string(), workingDir_));
  }

  const clang::Preprocessor &pp_;
  std::string workingDir_;
  std::vector<std::string> &absent_;
};

}  // namespace

std::unique_ptr<clang::PPCallbacks> recordMissingIncludes(const clang::Preprocessor &pp,
                                                          std::string workingDir,
                                                          std::vector<std::string> &absent) {
  return std::make_unique<MissingIncludes>(pp, std::move(workingDir), absent);
}

}  // namespace kconv
