#include "clang/dependency_scan.h"

#include <atomic>
#include <filesystem>

#include <clang/Tooling/DependencyScanning/DependencyScanningService.h>
#include <clang/Tooling/DependencyScanning/DependencyScanningTool.h>

#include "clang/tu_scanner.h"
#include "core/parallel.h"

namespace fs = std::filesystem;
namespace ds = clang::tooling::dependencies;

namespace kconv {

std::string absoluteSourcePath(const std::string &name, const std::string &directory) {
  fs::path p = name;
  if (p.is_relative()) p = fs::path(directory) / p;
  return p.lexically_normal().string();
}

std::vector<std::string> parseMakeDependencies(const std::string &text,
                                               const std::string &directory) {
  std::vector<std::string> out;
  size_t colon = text.find(": ");
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    out.push_back(absoluteSourcePath(word, directory));
    word.clear();
  };
  for (size_t i = colon == std::string::npos ? 0 : colon + 2; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      flush();
    } else if (c == '\\' && i + 1 < text.size() && text[i + 1] == ' ') {
      word += ' ';
      ++i;
    } else if (c == ' ' || c == '\n' || c == '\t') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

std::vector<TuDependencies> scanDependencies(
    const std::vector<const CompileCommand *> &commands, unsigned jobs, JobSlots *slots) {
  std::vector<TuDependencies> results(commands.size());
  // One service: its cache of minimized files is shared by all workers.
  ds::DependencyScanningService service(ds::ScanningMode::MinimizedSourcePreprocessing,
                                        ds::ScanningOutputFormat::Make);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    ds::DependencyScanningTool tool(service);
    for (size_t i = next++; i < commands.size(); i = next++) {
      const CompileCommand &cc = *commands[i];
      JobSlot slot(slots);
      auto deps = tool.getDependencyFile(parseArguments(cc), cc.directory);
      if (!deps) {
        results[i].error = llvm::toString(deps.takeError());
        results[i].error = results[i].error.substr(0, results[i].error.find('\n'));
        continue;
      }
      results[i].ok = true;
      results[i].files = parseMakeDependencies(*deps, cc.directory);
    }
  };
  runWorkers(std::max(1u, jobs), worker);
  return results;
}

}  // namespace kconv
