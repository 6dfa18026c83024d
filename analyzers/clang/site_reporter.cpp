#include "clang/site_reporter.h"

#include <algorithm>
#include <set>
#include <filesystem>

#include <clang/AST/Decl.h>
#include <clang/Lex/Lexer.h>

namespace fs = std::filesystem;

namespace kconv {

SiteReporter::SiteReporter(std::string treeRoot, std::string workingDir)
    : treeRoot_(std::move(treeRoot)), workingDir_(std::move(workingDir)) {
  if (!treeRoot_.empty() && treeRoot_.back() != '/') treeRoot_ += '/';
}

void SiteReporter::setSourceManager(const clang::SourceManager *sm,
                                    const clang::LangOptions *lang) {
  sm_ = sm;
  lang_ = lang;
}

const std::string &SiteReporter::relativePath(clang::FileID fid) {
  auto it = paths_.find(fid);
  if (it != paths_.end()) return it->second;
  std::string rel;
  if (const clang::FileEntry *entry = sm_->getFileEntryForID(fid)) {
    fs::path p = entry->getName().str();
    if (p.is_relative()) p = fs::path(workingDir_) / p;
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(p, ec);
    std::string abs = ec ? p.lexically_normal().string() : canon.string();
    if (abs.compare(0, treeRoot_.size(), treeRoot_) == 0)
      rel = abs.substr(treeRoot_.size());
  }
  return paths_.emplace(fid, rel).first->second;
}

std::string SiteReporter::lineText(clang::FileID fid, unsigned offset) const {
  llvm::StringRef buffer = sm_->getBufferData(fid);
  size_t begin = buffer.rfind('\n', offset);
  begin = begin == llvm::StringRef::npos ? 0 : begin + 1;
  size_t end = buffer.find('\n', offset);
  return buffer.slice(begin, end).str();
}

void SiteReporter::report(clang::SourceLocation loc, SiteSpec spec) {
  std::string macro;
  // Walk out of macros: an argument token goes to where it was written, a
  // body token to where the macro was used.
  while (loc.isMacroID()) {
    if (sm_->isMacroArgExpansion(loc)) {
      loc = sm_->getImmediateSpellingLoc(loc);
      continue;
    }
    if (macro.empty())
      macro = clang::Lexer::getImmediateMacroName(loc, *sm_, *lang_).str();
    loc = sm_->getImmediateExpansionRange(loc).getBegin();
  }
  if (loc.isInvalid()) return;
  auto [fid, offset] = sm_->getDecomposedLoc(loc);
  const std::string &file = relativePath(fid);
  if (file.empty()) return;

  Finding f;
  f.rule = spec.rule;
  f.category = spec.category;
  f.message = spec.message;
  f.location = {file, sm_->getLineNumber(fid, offset),
                sm_->getColumnNumber(fid, offset)};
  f.details = std::move(spec.details);
  if (!macro.empty()) f.details["macro"] = macro;
  f.code = normaliseCode(lineText(fid, offset));

  std::string group = spec.mergeGroup.empty() ? spec.rule : spec.mergeGroup;
  auto key = std::make_tuple(file, f.location.line, f.location.column, group);
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    pending_.emplace(key, Pending{std::move(f), fid, offset, spec.rank});
    return;
  }
  Pending &old = it->second;
  if (spec.rank > old.rank) {
    nlohmann::json merged = old.finding.details;
    merged.update(f.details);
    old.finding = std::move(f);
    old.finding.details = std::move(merged);
    old.rank = spec.rank;
  } else {
    for (auto d = f.details.begin(); d != f.details.end(); ++d)
      if (!old.finding.details.contains(d.key()))
        old.finding.details[d.key()] = d.value();
  }
}

// Top-level function definitions, as ranges of file offsets. Functions in the
// kernel are never nested, so the top level is enough.
void SiteReporter::assignFunctions(clang::ASTContext &context) {
  struct Range {
    unsigned begin, end;
    std::string name;
  };
  std::map<clang::FileID, std::vector<Range>> ranges;
  std::set<clang::FileID> wanted;
  for (auto &[key, p] : pending_) wanted.insert(p.file);
  for (const clang::Decl *d : context.getTranslationUnitDecl()->decls()) {
    const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(d);
    if (!fn || !fn->doesThisDeclarationHaveABody()) continue;
    clang::SourceLocation b = sm_->getExpansionLoc(fn->getBeginLoc());
    clang::SourceLocation e = sm_->getExpansionRange(fn->getEndLoc()).getEnd();
    auto [fid, bo] = sm_->getDecomposedLoc(b);
    if (!wanted.count(fid)) continue;
    auto [fid2, eo] = sm_->getDecomposedLoc(e);
    if (fid2 != fid) continue;
    ranges[fid].push_back({bo, eo, fn->getNameAsString()});
  }
  for (auto &[key, p] : pending_) {
    for (const Range &r : ranges[p.file])
      if (p.offset >= r.begin && p.offset <= r.end) {
        p.finding.function = r.name;
        break;
      }
  }
}

std::vector<std::string> SiteReporter::filesSeen() {
  std::set<std::string> out;
  for (auto it = sm_->fileinfo_begin(); it != sm_->fileinfo_end(); ++it) {
    clang::FileID fid = sm_->translateFile(it->first);
    if (fid.isInvalid()) continue;
    const std::string &rel = relativePath(fid);
    if (!rel.empty()) out.insert(rel);
  }
  return {out.begin(), out.end()};
}

std::vector<Finding> SiteReporter::finish(clang::ASTContext &context) {
  assignFunctions(context);
  std::vector<Finding> out;
  for (auto &[key, p] : pending_) out.push_back(std::move(p.finding));
  pending_.clear();
  return out;
}

}  // namespace kconv
