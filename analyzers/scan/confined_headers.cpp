#include "scan/confined_headers.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <set>

#include "kernel/process.h"
#include "scan/header_change.h"

namespace kconv {

namespace {

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The top-level entries of the tree a kernel TU can read: not tools/ (the
// userspace tools, with their own `#define bool` and friends), scripts/
// (host programs) or Documentation/; no TU of a kernel configuration
// includes a file there.
std::vector<std::string> searchRoots(const std::string &dir) {
  static const std::set<std::string> skipped = {".git", ".kconv-tree", "tools", "scripts",
                                                "Documentation"};
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto &e : std::filesystem::directory_iterator(dir, ec))
    if (!skipped.count(e.path().filename().string())) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Where to search: the whole tree (searchRoots), or some of its files.
struct SearchScope {
  std::string dir;
  std::optional<std::vector<std::string>> files;  // tree-relative; none: the whole tree
};

// The files of `paths` that exist in `dir` and that searchRoots covers, as
// `grep -r` over the whole tree would read them (not a symbolic link: grep
// follows one named on its command line, not one it finds).
SearchScope someFiles(const std::string &dir, const std::vector<std::string> &paths) {
  std::vector<std::string> roots = searchRoots(dir);
  SearchScope out{dir, std::vector<std::string>{}};
  std::error_code ec;
  for (const std::string &p : paths)
    if (std::binary_search(roots.begin(), roots.end(), p.substr(0, p.find('/'))) &&
        std::filesystem::is_regular_file(std::filesystem::symlink_status(dir + "/" + p, ec)))
      out.files->push_back(p);
  return out;
}

// GNU grep over the scope, from its directory: its output, or nullopt when
// grep fails (exit 2; 1 is "nothing found").
std::optional<std::string> grepTree(const SearchScope &scope, std::vector<std::string> argv) {
  if (scope.files && scope.files->empty()) return std::string();
  argv.insert(argv.begin(), {"grep", "-r"});
  argv.push_back("--");
  for (const std::string &r : scope.files ? *scope.files : searchRoots(scope.dir)) argv.push_back(r);
  return captureOutput(argv, scope.dir, {0, 1});
}

// Which of `names` each file under `dir` holds as a word, tree-relative
// (fixed strings, every file, comments included: a mention in a comment
// counts as a use, which costs only the shortcut). nullopt when grep fails.
std::optional<std::map<std::string, std::set<std::string>>> namesByFile(
    const SearchScope &scope, const std::set<std::string> &names) {
  std::vector<std::string> args = {"-o", "-H", "-w", "-F"};
  for (const std::string &n : names) {
    args.push_back("-e");
    args.push_back(n);
  }
  std::optional<std::string> text = grepTree(scope, args);
  if (!text) return std::nullopt;
  std::map<std::string, std::set<std::string>> files;
  for (size_t at = 0; at < text->size();) {
    size_t nl = text->find('\n', at);
    if (nl == std::string::npos) nl = text->size();
    std::string line = text->substr(at, nl - at);
    size_t colon = line.rfind(':');
    if (colon != std::string::npos) files[line.substr(0, colon)].insert(line.substr(colon + 1));
    at = nl + 1;
  }
  return files;
}

// Whether any file under `dir` #defines one of `names` (nullopt: grep failed).
std::optional<bool> definesAny(const SearchScope &scope, const std::set<std::string> &names) {
  if (names.empty()) return false;
  std::string alternatives;
  for (const std::string &n : names) alternatives += (alternatives.empty() ? "" : "|") + n;
  std::optional<std::string> files = grepTree(
      scope, {"-l", "-E", "^[[:space:]]*#[[:space:]]*define[[:space:]]+(" + alternatives + ")\\b"});
  if (!files) return std::nullopt;
  return !files->empty();
}

}  // namespace

std::set<std::string> commandLineMacros(const std::vector<CompileCommand> &commands) {
  std::set<std::string> out;
  for (const CompileCommand &c : commands)
    for (size_t i = 0; i < c.arguments.size(); ++i) {
      std::string d = c.arguments[i];
      if (d == "-D" && i + 1 < c.arguments.size()) d = "-D" + c.arguments[++i];
      if (d.rfind("-D", 0) != 0) continue;
      out.insert(d.substr(2, d.find('=') == std::string::npos ? std::string::npos : d.find('=') - 2));
    }
  return out;
}

ConfinedHeaders findConfinedHeaders(const git::Repository &repo, git::ScratchCheckout &scratch,
                                    const std::string &parentTree, const std::string &commitTree,
                                    const std::vector<std::string> &changed,
                                    const std::set<std::string> &triggers,
                                    const HeaderChangeRules &rules) {
  ConfinedHeaders out;
  std::map<std::string, std::set<std::string>> declared;  // header -> names
  // Trigger-free candidates: their texts and the identifiers to look up.
  std::map<std::string, std::pair<std::string, std::string>> texts;
  std::map<std::string, std::set<std::string>> used;
  for (const std::string &f : changed) {
    if (!endsWith(f, ".h")) continue;
    std::optional<std::string> before = repo.readFile(parentTree, f);
    std::optional<std::string> after = repo.readFile(commitTree, f);
    if (!before || !after) {
      out.refused[f] = before ? "the header is removed" : "the header is new";
      continue;
    }
    HeaderChange c = examineHeaderChange(*before, *after, rules);
    if (!c.confined) {
      out.refused[f] = c.reason;
      continue;
    }
    declared[f] = c.declared;
    bool trigger = false;
    for (const std::string &id : c.changedIdentifiers) trigger = trigger || triggers.count(id);
    if (!trigger) {
      texts[f] = {*before, *after};
      used[f] = c.changedIdentifiers;
    }
  }
  std::set<std::string> names, identifiers;
  for (const auto &[h, n] : declared) names.insert(n.begin(), n.end());
  // Keywords the kernel redefines (`inline` in compiler_types.h) expand
  // to attributes, never to a rule's name or field: not looked up.
  for (const auto &[h, ids] : used)
    for (const std::string &id : ids)
      if (!isCKeyword(id)) identifiers.insert(id);
  // Both searches at each side, the commit first so the checkout ends at
  // the parent: a macro among the changed items' identifiers may expand to
  // a trigger (no line map for any header then: which macro is not worth a
  // search), and a fresh name is named by no file but its own header.
  // What either side holds counts, and the sides differ only in the files
  // the commit changed: the whole tree is searched at the commit, only
  // those files at the parent. The two searches run side by side.
  bool macros = false;
  for (const std::string &tree : {commitTree, parentTree}) {
    if (identifiers.empty() && names.empty()) break;
    scratch.moveTo(tree);
    SearchScope scope = tree == commitTree ? SearchScope{scratch.dir(), std::nullopt}
                                           : someFiles(scratch.dir(), changed);
    std::future<std::optional<bool>> defines;
    if (!identifiers.empty())
      defines = std::async(std::launch::async, [&] { return definesAny(scope, identifiers); });
    std::optional<std::map<std::string, std::set<std::string>>> files;
    if (!names.empty()) files = namesByFile(scope, names);
    if (defines.valid()) {
      std::optional<bool> any = defines.get();
      macros = macros || !any || *any;
    }
    if (names.empty()) continue;
    for (auto it = declared.begin(); it != declared.end();) {
      std::string why = files ? "" : "the search of the tree failed";
      for (const auto &[file, held] : files ? *files : std::map<std::string, std::set<std::string>>{}) {
        if (file == it->first) continue;  // its own lines: header_change.h checked them
        if (rules.checkedAnyway.count(file)) continue;
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
  if (macros) texts.clear();
  scratch.moveTo(parentTree);
  for (const auto &[h, n] : declared) {
    out.headers.push_back(h);
    auto t = texts.find(h);
    if (t == texts.end()) continue;
    LineMap map(t->second.first, t->second.second);
    if (map.ok()) out.moved.emplace(h, std::move(map));
  }
  return out;
}

}  // namespace kconv
