#include "clang/match_scope.h"

#include <map>

#include <clang/Basic/SourceManager.h>

#include "clang/dependency_scan.h"

namespace kconv {

std::vector<clang::Decl *> declsThatMayHoldSites(clang::ASTContext &context,
                                                 const std::set<std::string> &files,
                                                 const std::string &workingDir) {
  const clang::SourceManager &sm = context.getSourceManager();
  std::map<clang::FileID, bool> siteFile;
  auto holds = [&](clang::FileID fid) {
    auto [it, fresh] = siteFile.try_emplace(fid, false);
    if (fresh) {
      const clang::FileEntry *entry = sm.getFileEntryForID(fid);
      it->second = entry && files.count(absoluteSourcePath(entry->getName().str(), workingDir));
    }
    return it->second;
  };
  // Where each site file is #included, and where those includers are, up
  // to the main file: (includer, offset of the #include).
  std::map<clang::FileID, std::vector<unsigned>> includesOfSites;
  for (unsigned i = 0, n = sm.local_sloc_entry_size(); i < n; ++i) {
    const clang::SrcMgr::SLocEntry &e = sm.getLocalSLocEntry(i);
    if (!e.isFile()) continue;
    clang::SourceLocation start = clang::SourceLocation::getFromRawEncoding(e.getOffset());
    clang::FileID fid = sm.getFileID(start);
    if (fid.isInvalid() || !holds(fid)) continue;
    for (clang::SourceLocation at = e.getFile().getIncludeLoc(); at.isValid();
         at = sm.getIncludeLoc(sm.getFileID(at))) {
      auto [includer, offset] = sm.getDecomposedLoc(at);
      includesOfSites[includer].push_back(offset);
    }
  }

  std::vector<clang::Decl *> out;
  for (clang::Decl *d : context.getTranslationUnitDecl()->decls()) {
    clang::SourceRange r = d->getSourceRange();
    bool keep;
    if (r.isInvalid()) {
      keep = !d->isImplicit();
    } else if (r.getBegin().isMacroID() || r.getEnd().isMacroID() ||
               d->getLocation().isMacroID()) {
      keep = true;
    } else {
      auto [fb, b] = sm.getDecomposedLoc(r.getBegin());
      auto [fe, e] = sm.getDecomposedLoc(r.getEnd());
      keep = fb != fe || holds(fb);
      if (!keep)
        if (auto it = includesOfSites.find(fb); it != includesOfSites.end())
          for (unsigned offset : it->second) keep = keep || (offset >= b && offset <= e);
    }
    if (keep) out.push_back(d);
  }
  return out;
}

}  // namespace kconv
