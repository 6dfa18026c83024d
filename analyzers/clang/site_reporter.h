// Turns a Clang source location into a Finding at the place the user edits:
// inside a macro argument, where the argument is written; inside a macro
// body, the macro's use site, with the macro named in details. Keeps one
// finding per (location, rule) for the TU, fills in the enclosing function
// at the end, and drops sites outside the kernel tree.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <clang/AST/ASTContext.h>
#include <clang/Basic/SourceManager.h>
#include <nlohmann/json.hpp>

#include "core/finding.h"

namespace kconv {

struct SiteSpec {
  std::string rule;
  std::string category;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
  // When two reports land on one location for the same merge group, the
  // higher rank wins (a write beats the read its macro also expands to).
  int rank = 0;
  std::string mergeGroup;  // empty: merge by rule only
};

class SiteReporter {
 public:
  SiteReporter(std::string treeRoot, std::string workingDir);

  void setSourceManager(const clang::SourceManager *sm,
                        const clang::LangOptions *lang);

  void report(clang::SourceLocation loc, SiteSpec spec);

  // Fills Finding::function from the TU's function definitions and returns
  // the TU's findings. Call once, after the AST is complete.
  std::vector<Finding> finish(clang::ASTContext &context);

  // Every tree file the TU read (its source and headers), tree-relative.
  std::vector<std::string> filesSeen();

  // The tree-relative path of a file, or empty when outside the tree.
  const std::string &relativePath(clang::FileID fid);

 private:
  struct Pending {
    Finding finding;
    clang::FileID file;
    unsigned offset = 0;
    int rank = 0;
  };

  std::string lineText(clang::FileID fid, unsigned offset) const;
  void assignFunctions(clang::ASTContext &context);

  std::string treeRoot_;
  std::string workingDir_;
  const clang::SourceManager *sm_ = nullptr;
  const clang::LangOptions *lang_ = nullptr;
  std::map<clang::FileID, std::string> paths_;
  std::map<std::tuple<std::string, unsigned, unsigned, std::string>, Pending>
      pending_;
};

}  // namespace kconv
