#include "clang/active_lines.h"

#include <algorithm>

namespace kconv {

class ActiveLineCallbacks : public clang::PPCallbacks {
 public:
  ActiveLineCallbacks(ActiveLineRecorder &recorder, const clang::SourceManager &sm)
      : recorder_(recorder), sm_(sm) {}

  void FileChanged(clang::SourceLocation loc, FileChangeReason reason,
                   clang::SrcMgr::CharacteristicKind,
                   clang::FileID) override {
    if (reason != EnterFile || loc.isInvalid()) return;
    clang::FileID fid = sm_.getFileID(sm_.getExpansionLoc(loc));
    if (fid.isValid()) recorder_.entered_.insert(fid);
  }

  // The range runs from the '#' of the directive that starts the skipped
  // block to the directive that ends it (#else, #elif or #endif).
  void SourceRangeSkipped(clang::SourceRange range, clang::SourceLocation) override {
    auto [fid, begin] = sm_.getDecomposedExpansionLoc(range.getBegin());
    auto [fid2, end] = sm_.getDecomposedExpansionLoc(range.getEnd());
    if (fid.isInvalid() || fid != fid2) return;
    recorder_.skipped_[fid].emplace_back(begin, end);
  }

 private:
  ActiveLineRecorder &recorder_;
  const clang::SourceManager &sm_;
};

std::unique_ptr<clang::PPCallbacks> ActiveLineRecorder::callbacks(
    const clang::SourceManager &sm) {
  return std::make_unique<ActiveLineCallbacks>(*this, sm);
}

SkippedLines ActiveLineRecorder::skippedLines(
    const clang::SourceManager &sm,
    const std::function<std::string(clang::FileID)> &relativePath) const {
  SkippedLines out;
  std::set<clang::FileID> files = entered_;
  files.insert(sm.getMainFileID());
  for (clang::FileID fid : files) {
    std::string rel = relativePath(fid);
    if (rel.empty()) continue;
    auto &lines = out[rel];
    auto it = skipped_.find(fid);
    if (it != skipped_.end())
      for (auto [b, e] : it->second)
        lines.emplace_back(sm.getLineNumber(fid, b), sm.getLineNumber(fid, e));
    std::sort(lines.begin(), lines.end());
  }
  return out;
}

void addActiveLines(const SkippedLines &skipped, const LinesOfInterest &interest,
                    std::map<std::string, std::set<unsigned>> &active) {
  for (const auto &[file, ranges] : skipped) {
    auto want = interest.find(file);
    if (want == interest.end()) continue;
    std::set<unsigned> &out = active[file];
    for (unsigned line : want->second) {
      bool inSkipped = std::any_of(ranges.begin(), ranges.end(), [&](auto r) {
        return line > r.first && line < r.second;
      });
      if (!inSkipped) out.insert(line);
    }
  }
}

}  // namespace kconv
