#include "gate/header_shortcut.h"

#include <set>

#include "core/atomic_file.h"
#include "core/temp_files.h"
#include "kernel/process.h"
#include "scan/header_change.h"

namespace kconv {

namespace {

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Which of `names` each file under `dir` holds as a word, tree-relative
// (GNU grep: fixed strings, every file, comments included: a mention in a
// comment counts as a use, which costs only the shortcut). nullopt when
// grep fails.
std::optional<std::map<std::string, std::set<std::string>>> namesByFile(
    const std::string &dir, const std::set<std::string> &names) {
  std::vector<std::string> argv = {"grep", "-r", "-o", "-H", "-w", "-F", "--exclude-dir=.git"};
  for (const std::string &n : names) {
    argv.push_back("-e");
    argv.push_back(n);
  }
  argv.push_back(".");
  TempFile out(tempDirectory() + "/kconv-grep-XXXXXX");
  if (out.path().empty()) return std::nullopt;
  ProcessOptions po;
  po.workingDir = dir;
  po.logPath = out.path();
  po.stderrPath = "/dev/null";
  int rc = runProcess(argv, po).exitCode;
  if (rc != 0 && rc != 1) return std::nullopt;
  std::map<std::string, std::set<std::string>> files;
  std::string text = readFile(out.path());
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(at, nl - at);
    size_t colon = line.rfind(':');
    if (colon != std::string::npos) {
      std::string f = line.substr(0, colon);
      if (f.rfind("./", 0) == 0) f = f.substr(2);
      files[f].insert(line.substr(colon + 1));
    }
    at = nl + 1;
  }
  return files;
}

}  // namespace

ConfinedHeaders findConfinedHeaders(const git::Repository &repo, git::ScratchCheckout &scratch,
                                    const std::string &parentTree, const std::string &commitTree,
                                    const std::vector<std::string> &changed) {
  ConfinedHeaders out;
  std::map<std::string, std::set<std::string>> declared;  // header -> names
  for (const std::string &f : changed) {
    if (!endsWith(f, ".h")) continue;
    std::optional<std::string> before = repo.readFile(parentTree, f);
    std::optional<std::string> after = repo.readFile(commitTree, f);
    if (!before || !after) {
      out.refused[f] = before ? "the header is removed" : "the header is new";
      continue;
    }
    HeaderChange c = examineHeaderChange(*before, *after);
    if (!c.confined) {
      out.refused[f] = c.reason;
      continue;
    }
    declared[f] = c.declared;
  }
  std::set<std::string> names;
  for (const auto &[h, n] : declared) names.insert(n.begin(), n.end());
  if (!names.empty()) {
    // A fresh name is named by no file but its own header, at either side.
    for (const std::string &tree : {commitTree, parentTree}) {
      scratch.moveTo(tree);
      auto files = namesByFile(scratch.dir(), names);
      for (auto it = declared.begin(); it != declared.end();) {
        std::string why = files ? "" : "the search of the tree failed";
        for (const auto &[file, held] : files ? *files : std::map<std::string, std::set<std::string>>{}) {
          if (file == it->first) continue;  // its own lines: header_change.h checked them
          for (const std::string &n : held)
            if (it->second.count(n) && why.empty()) why = n + " is named in " + file;
        }
        if (!why.empty()) {
          out.refused[it->first] = "a function it adds or removes is in use: " + why;
          it = declared.erase(it);
        } else {
          ++it;
        }
      }
    }
  }
  scratch.moveTo(parentTree);
  for (const auto &[h, n] : declared) out.headers.push_back(h);
  return out;
}

}  // namespace kconv
