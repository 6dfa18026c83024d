#include "clang/prefilter.h"

#include <algorithm>
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
    if (!rf.config.contains("field")) continue;
    std::string field = rf.config.at("field").get<std::string>();
    t.members.insert(field);
    if (rf.config.contains("prefilter_scope"))
      t.memberScope[field] = rf.config.at("prefilter_scope").get<std::vector<std::string>>();
  }
  return t;
}

namespace {

bool intersects(const std::vector<std::string> &words, const std::set<std::string> &set) {
  for (const std::string &w : words)
    if (set.count(w)) return true;
  return false;
}

bool namesScope(const std::vector<std::string> &words, const std::vector<std::string> &scope) {
  for (const std::string &w : words)
    for (const std::string &s : scope)
      if (w.find(s) != std::string::npos) return true;
  return false;
}

// Macros whose expansion can produce what `holds` looks for: those whose
// body holds it, then, to a fixed point, those whose body uses such a
// macro. Every definition of a name counts, whatever #if it sits under.
std::set<std::string> taintedMacros(const std::map<std::string, LexedFile> &files,
                                    const std::function<bool(const LexedMacro &)> &holds) {
  std::set<std::string> tainted;
  std::unordered_map<std::string, std::vector<std::string>> usedBy;  // id -> macros
  std::vector<std::string> work;
  for (const auto &[path, lexed] : files)
    for (const LexedMacro &m : lexed.macros) {
      if (holds(m) && tainted.insert(m.name).second) work.push_back(m.name);
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
  std::set<std::string> unscopedMembers, scopedMembers;
  for (const std::string &m : triggers.members)
    (triggers.memberScope.count(m) ? scopedMembers : unscopedMembers).insert(m);
  std::set<std::string> tainted = taintedMacros(files, [&](const LexedMacro &m) {
    return intersects(m.identifiers, triggers.identifiers) ||
           intersects(m.members, unscopedMembers);
  });
  // Per scoped member: the macros that can expand to an access of it, and
  // those that can expand to a name of its scope.
  struct Scoped {
    std::set<std::string> access, scope;
  };
  std::map<std::string, Scoped> scoped;
  for (const std::string &field : scopedMembers) {
    const std::vector<std::string> &substrings = triggers.memberScope.at(field);
    scoped[field].access = taintedMacros(files, [&](const LexedMacro &m) {
      return std::find(m.members.begin(), m.members.end(), field) != m.members.end();
    });
    scoped[field].scope = taintedMacros(files, [&](const LexedMacro &m) {
      return namesScope(m.identifiers, substrings) || namesScope(m.members, substrings) ||
             namesScope({m.name}, substrings);
    });
  }
  plan.taintedMacros = tainted.size();
  for (const auto &[field, s] : scoped) plan.taintedMacros += s.access.size();

  std::string root = treeRoot.back() == '/' ? treeRoot : treeRoot + "/";
  std::map<std::string, bool> isTrigger;  // path -> reported trigger file
  for (const auto &[path, lexed] : files) {
    bool inTree = path.compare(0, root.size(), root) == 0;
    bool trigger = intersects(lexed.identifiers, triggers.identifiers) ||
                   intersects(lexed.identifiers, tainted) ||
                   intersects(lexed.members, unscopedMembers) ||
                   (!lexed.identifiers.empty() && lexed.identifiers[0] == "<unreadable>");
    bool outOfScope = false;
    for (const auto &[field, s] : scoped) {
      if (trigger) break;
      bool access = std::find(lexed.members.begin(), lexed.members.end(), field) !=
                        lexed.members.end() ||
                    intersects(lexed.identifiers, s.access);
      if (!access) continue;
      // The file's own macro definitions name what their bodies use.
      const std::vector<std::string> &substrings = triggers.memberScope.at(field);
      bool inScope = namesScope(lexed.identifiers, substrings) ||
                     namesScope(lexed.members, substrings) ||
                     intersects(lexed.identifiers, s.scope);
      for (const LexedMacro &m : lexed.macros)
        inScope = inScope || namesScope(m.identifiers, substrings) ||
                  namesScope(m.members, substrings);
      trigger = inScope;
      outOfScope = !inScope;
    }
    if (trigger) outOfScope = false;
    if (trigger && inTree) plan.siteFiles.mayHoldSites.insert(path);
    if (lexed.includeInBraces) plan.siteFiles.includeInBraces.insert(path);
    isTrigger[path] = trigger && inTree && reported(path.substr(root.size()));
    plan.triggerFiles += isTrigger[path];
    plan.outOfScopeFiles += outOfScope && inTree && reported(path.substr(root.size()));
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
