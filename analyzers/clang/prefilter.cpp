#include "clang/prefilter.h"

#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>

#include <llvm/Support/ThreadPool.h>

#include "clang/source_lexer.h"
#include "core/atomic_file.h"

namespace kconv {

LexicalTriggers triggersFor(const RulePack &rules) {
  LexicalTriggers t;
  for (const RuleFile &rf : rules.files) {
    for (const char *list : {"names", "predicates"})
      if (rf.config.contains(list))
        for (const auto &entry : rf.config.at(list)) t.identifiers.insert(entry.at("name"));
    if (rf.config.contains("field")) t.members.insert(rf.config.at("field").get<std::string>());
  }
  return t;
}

namespace {

bool intersects(const std::vector<std::string> &words, const std::set<std::string> &set) {
  for (const std::string &w : words)
    if (set.count(w)) return true;
  return false;
}

// Macros whose expansion can produce a trigger: those whose body holds one,
// then, to a fixed point, those whose body uses such a macro. Every
// definition of a name counts, whatever #if it sits under.
std::set<std::string> taintedMacros(const std::map<std::string, LexedFile> &files,
                                    const LexicalTriggers &t) {
  std::set<std::string> tainted;
  std::unordered_map<std::string, std::vector<std::string>> usedBy;  // id -> macros
  std::vector<std::string> work;
  for (const auto &[path, lexed] : files)
    for (const LexedMacro &m : lexed.macros) {
      if (intersects(m.identifiers, t.identifiers) || intersects(m.members, t.members)) {
        if (tainted.insert(m.name).second) work.push_back(m.name);
      }
      for (const std::string &id : m.identifiers) usedBy[id].push_back(m.name);
    }
  while (!work.empty()) {
    std::string name = work.back();
    work.pop_back();
    for (const std::string &user : usedBy[name])
      if (tainted.insert(user).second) work.push_back(user);
  }
  return tainted;
}

std::map<std::string, LexedFile> lexAll(const std::vector<TuDependencies> &deps,
                                        unsigned jobs) {
  std::set<std::string> unique;
  for (const TuDependencies &d : deps) unique.insert(d.files.begin(), d.files.end());
  std::map<std::string, LexedFile> files;
  for (const std::string &f : unique) files[f];
  std::vector<std::pair<const std::string, LexedFile> *> slots;
  for (auto &entry : files) slots.push_back(&entry);
  llvm::ThreadPool pool(llvm::hardware_concurrency(jobs));
  for (auto *slot : slots)
    pool.async([slot] {
      try {
        slot->second = lexSource(readFile(slot->first));
      } catch (...) {
        // An unreadable file: treated as holding a trigger below.
        slot->second.identifiers = {"<unreadable>"};
      }
    });
  pool.wait();
  return files;
}

}  // namespace

std::string preprocessorContext(const std::vector<std::string> &arguments) {
  static const char *perFile[] = {"-DKBUILD_MODFILE=", "-DKBUILD_BASENAME=",
                                  "-DKBUILD_MODNAME=", "-D__KBUILD_MODNAME="};
  std::set<std::string> flags;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string &a = arguments[i];
    bool named = false;
    for (const char *p : perFile) named = named || a.rfind(p, 0) == 0;
    if (named) continue;
    if (a == "-include" && i + 1 < arguments.size())
      flags.insert("-include " + arguments[++i]);
    else if (a.rfind("-D", 0) == 0 || a.rfind("-U", 0) == 0)
      flags.insert(a);
  }
  std::string out;
  for (const std::string &f : flags) out += f + '\n';
  return out;
}

ParsePlan planParses(const std::vector<std::string> &sources,
                     const std::vector<std::string> &contexts,
                     const std::vector<TuDependencies> &deps,
                     const LexicalTriggers &triggers, const std::string &treeRoot,
                     const std::function<bool(const std::string &)> &reported,
                     unsigned jobs) {
  ParsePlan plan;
  plan.parse.assign(deps.size(), false);
  std::map<std::string, LexedFile> files = lexAll(deps, jobs);
  std::set<std::string> tainted = taintedMacros(files, triggers);
  plan.taintedMacros = tainted.size();

  std::string root = treeRoot.back() == '/' ? treeRoot : treeRoot + "/";
  std::map<std::string, bool> isTrigger;  // path -> reported trigger file
  for (const auto &[path, lexed] : files) {
    bool inTree = path.compare(0, root.size(), root) == 0;
    bool trigger = intersects(lexed.identifiers, triggers.identifiers) ||
                   intersects(lexed.identifiers, tainted) ||
                   intersects(lexed.members, triggers.members) ||
                   (!lexed.identifiers.empty() && lexed.identifiers[0] == "<unreadable>");
    isTrigger[path] = trigger && inTree && reported(path.substr(root.size()));
    plan.triggerFiles += isTrigger[path];
  }

  // Mandatory parses first: failed scans, triggers in a TU's own source,
  // unguarded trigger headers (every includer).
  std::map<std::string, std::vector<size_t>> includers;
  for (size_t i = 0; i < deps.size(); ++i) {
    if (!deps[i].ok) {
      plan.parse[i] = true;
      ++plan.unscanned;
      continue;
    }
    for (const std::string &f : deps[i].files) {
      if (!isTrigger[f]) continue;
      bool own = f == sources[i];
      if (own || !files[f].includeGuarded) {
        plan.ownText += own && !plan.parse[i];
        plan.parse[i] = true;
      }
      includers[f].push_back(i);
    }
  }
  // Then, for each guarded trigger header, one includer per preprocessor
  // context that no parsed TU represents yet.
  for (const auto &[file, tus] : includers) {
    std::set<std::string> covered;
    for (size_t i : tus)
      if (plan.parse[i]) covered.insert(contexts[i]);
    for (size_t i : tus)
      if (covered.insert(contexts[i]).second) {
        plan.parse[i] = true;
        ++plan.forHeaders;
      }
  }
  return plan;
}

}  // namespace kconv
