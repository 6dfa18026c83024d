#include "clang/clang_engine.h"

#include <map>
#include <mutex>

#include <llvm/Support/ThreadPool.h>
#include <llvm/Support/Threading.h>

#include "clang/tu_scanner.h"

namespace kconv {

bool underPaths(const std::string &file, const std::vector<std::string> &paths) {
  if (paths.empty()) return true;
  for (std::string p : paths) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    if (p == "." || file == p) return true;
    if (file.compare(0, p.size(), p) == 0 && file.size() > p.size() &&
        file[p.size()] == '/')
      return true;
  }
  return false;
}

static std::string relative(const std::string &file, const std::string &root) {
  std::string prefix = root.back() == '/' ? root : root + "/";
  return file.compare(0, prefix.size(), prefix) == 0 ? file.substr(prefix.size())
                                                     : file;
}

// Merges per-TU results in TU order, so the first TU to see a header site
// owns it and the output does not depend on thread timing.
static EngineResult merge(std::vector<TuResult> &results,
                          const std::vector<std::string> &paths) {
  EngineResult out;
  std::map<std::tuple<std::string, unsigned, unsigned, std::string>, bool> seen;
  for (TuResult &tu : results) {
    out.filesSeen.insert(tu.filesSeen.begin(), tu.filesSeen.end());
    for (const auto &[file, lines] : tu.activeLines)
      out.activeLines[file].insert(lines.begin(), lines.end());
    ++out.coverage.translationUnits;
    if (tu.parsed) {
      ++out.coverage.parsed;
    } else {
      ++out.coverage.failed;
      out.coverage.failedUnits.push_back({tu.file, tu.error});
    }
    for (Finding &f : tu.findings) {
      if (!underPaths(f.location.file, paths)) continue;
      auto key = std::make_tuple(f.location.file, f.location.line,
                                 f.location.column, f.rule);
      if (seen.emplace(key, true).second) out.findings.push_back(std::move(f));
    }
  }
  sortFindings(out.findings);
  return out;
}

EngineResult runClangEngine(const std::vector<CompileCommand> &commands,
                            const RulePack &rules, const std::string &treeRoot,
                            const EngineOptions &options) {
  std::vector<const CompileCommand *> selected;
  for (const CompileCommand &cc : commands)
    if (underPaths(relative(cc.file, treeRoot), options.paths))
      selected.push_back(&cc);

  std::vector<TuResult> results(selected.size());
  std::mutex mutex;
  unsigned done = 0;
  {
    llvm::ThreadPool pool(llvm::hardware_concurrency(options.jobs));
    for (size_t i = 0; i < selected.size(); ++i) {
      pool.async([&, i] {
        results[i] = scanTranslationUnit(*selected[i], rules, treeRoot,
                                         options.linesOfInterest);
        std::lock_guard<std::mutex> lock(mutex);
        ++done;
        if (options.progress)
          options.progress(done, selected.size(), results[i].file);
      });
    }
    pool.wait();
  }
  return merge(results, options.paths);
}

}  // namespace kconv
