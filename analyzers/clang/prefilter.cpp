#include "clang/prefilter.h"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>


#include "clang/source_lexer.h"
#include "core/atomic_file.h"
#include "core/parallel.h"

namespace kconv {

LexicalTriggers triggersFor(const RulePack &rules) {
  LexicalTriggers t;
  for (const RuleFile &rf : rules.files) {
    for (const char *list : {"names", "predicates"})
      if (rf.config.contains(list))
        for (const auto &entry : rf.config.at(list)) t.identifiers.insert(entry.at("name"));
    // The pgmap's ops: `->folio_free(...)`, `.folio_free = ...`.
    if (rf.config.contains("ops"))
      for (const auto &entry : rf.config["ops"].at("members")) t.members.insert(entry.at("name"));
    if (!rf.config.contains("field")) continue;
    std::string field = rf.config.at("field").get<std::string>();
    t.members.insert(field);
    if (rf.config.contains("prefilter_scope"))
      t.memberScope[field] = rf.config.at("prefilter_scope").get<std::vector<std::string>>();
  }
  return t;
}

namespace {

bool namesScope(const std::vector<std::string> &words, const std::vector<std::string> &scope) {
  for (const std::string &w : words)
    for (const std::string &s : scope)
      if (w.find(s) != std::string::npos) return true;
  return false;
}

// What a token, a macro or a file can lead to, as bits: bit 0 a trigger
// (a rule name or an unscoped member); for scoped member k, bit 1+2k an
// access of it and bit 2+2k a name of its scope.
using Taint = uint32_t;
constexpr Taint kTrigger = 1;
Taint accessBit(size_t k) { return Taint(1) << (1 + 2 * k); }
Taint scopeBit(size_t k) { return Taint(1) << (2 + 2 * k); }

struct ScopedField {
  std::string field;
  std::vector<std::string> substrings;
};

Taint scopeBits(const std::vector<std::string> &ids, const std::vector<std::string> &members,
                const std::vector<ScopedField> &scoped) {
  Taint out = 0;
  for (size_t k = 0; k < scoped.size(); ++k)
    if (namesScope(ids, scoped[k].substrings) || namesScope(members, scoped[k].substrings))
      out |= scopeBit(k);
  return out;
}

// The taint a list of identifiers and members carries by itself.
Taint directTaint(const std::vector<std::string> &ids, const std::vector<std::string> &members,
                  const LexicalTriggers &t, const std::vector<ScopedField> &scoped) {
  Taint out = scopeBits(ids, members, scoped);
  for (const std::string &w : ids)
    if (t.identifiers.count(w)) out |= kTrigger;
  for (const std::string &m : members)
    if (t.members.count(m) && !t.memberScope.count(m)) out |= kTrigger;
  for (size_t k = 0; k < scoped.size(); ++k)
    if (std::find(members.begin(), members.end(), scoped[k].field) != members.end())
      out |= accessBit(k);
  return out;
}

bool isTrigger(Taint t, size_t scopedFields) {
  if (t & kTrigger) return true;
  for (size_t k = 0; k < scopedFields; ++k)
    if ((t & accessBit(k)) && (t & scopeBit(k))) return true;
  return false;
}

// Macro taint. A macro's expansion can lead to what its body holds and,
// transitively, to what the macros its body uses can lead to. Which
// definition of a name is in force depends on the TU, so the taint is
// computed per TU over the definitions in the files that TU reads (the
// only ones that can be expanded in it), after a global pass over every
// definition narrows the work to macros tainted in some TU.
class MacroTaint {
 public:
  MacroTaint(const std::vector<const LexedFile *> &files, const LexicalTriggers &t,
             const std::vector<ScopedField> &scoped) {
    for (size_t f = 0; f < files.size(); ++f)
      for (const LexedMacro &m : files[f]->macros) {
        Def d;
        d.file = f;
        d.name = intern(m.name);
        d.direct = directTaint(m.identifiers, m.members, t, scoped) | scopeBits({m.name}, {}, scoped);
        for (const std::string &id : m.identifiers) d.uses.push_back(intern(id));
        defs_.push_back(std::move(d));
      }
    // Global fixed point: the union over all definitions of a name.
    global_.assign(names_.size(), 0);
    std::vector<std::vector<size_t>> usedBy(names_.size());
    for (size_t i = 0; i < defs_.size(); ++i)
      for (int id : defs_[i].uses) usedBy[id].push_back(i);
    std::vector<size_t> work;
    for (size_t i = 0; i < defs_.size(); ++i) work.push_back(i);
    while (!work.empty()) {
      Def &d = defs_[work.back()];
      work.pop_back();
      Taint t = d.direct;
      for (int id : d.uses) t |= global_[id];
      if ((global_[d.name] | t) == global_[d.name]) continue;
      global_[d.name] |= t;
      for (size_t user : usedBy[d.name]) work.push_back(user);
    }
    tainted_.resize(files.size());
    for (size_t i = 0; i < defs_.size(); ++i)
      if (global_[defs_[i].name]) tainted_[defs_[i].file].push_back(i);
  }

  // Identifier id, or -1 if no macro taints it anywhere.
  int taintedId(const std::string &name) const {
    auto it = ids_.find(name);
    return it != ids_.end() && global_[it->second] ? it->second : -1;
  }
  size_t globallyTainted() const {
    return std::count_if(global_.begin(), global_.end(), [](Taint t) { return t != 0; });
  }

  // Taint per identifier id for a TU reading `files` (indices).
  std::unordered_map<int, Taint> forTu(const std::vector<size_t> &files) const {
    std::vector<size_t> visible;
    for (size_t f : files) visible.insert(visible.end(), tainted_[f].begin(), tainted_[f].end());
    std::unordered_map<int, Taint> taint;
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i : visible) {
        const Def &d = defs_[i];
        Taint t = d.direct;
        for (int id : d.uses)
          if (global_[id])
            if (auto it = taint.find(id); it != taint.end()) t |= it->second;
        Taint &slot = taint[d.name];
        if ((slot | t) != slot) {
          slot |= t;
          changed = true;
        }
      }
    }
    return taint;
  }

 private:
  struct Def {
    size_t file;
    int name;
    Taint direct = 0;
    std::vector<int> uses;
  };
  int intern(const std::string &name) {
    auto [it, fresh] = ids_.try_emplace(name, static_cast<int>(names_.size()));
    if (fresh) names_.push_back(name);
    return it->second;
  }

  std::unordered_map<std::string, int> ids_;
  std::vector<std::string> names_;
  std::vector<Def> defs_;
  std::vector<Taint> global_;  // per id: union over every definition
  std::vector<std::vector<size_t>> tainted_;  // per file: its globally tainted defs
};

std::map<std::string, LexedFile> lexAll(const std::vector<TuDependencies> &deps,
                                        unsigned jobs) {
  std::set<std::string> unique;
  for (const TuDependencies &d : deps) unique.insert(d.files.begin(), d.files.end());
  std::map<std::string, LexedFile> files;
  for (const std::string &f : unique) files[f];
  std::vector<std::pair<const std::string, LexedFile> *> slots;
  for (auto &entry : files) slots.push_back(&entry);
  parallelFor(slots.size(), jobs, [&](size_t i) {
    auto *slot = slots[i];
    try {
      slot->second = lexSource(readFile(slot->first));
    } catch (const std::exception &) {
      // An unreadable file: treated as holding a trigger below.
      slot->second.identifiers = {"<unreadable>"};
    }
  });
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
                     unsigned jobs, const std::vector<bool> *preferred) {
  ParsePlan plan;
  plan.parse.assign(deps.size(), false);
  std::map<std::string, LexedFile> lexed = lexAll(deps, jobs);
  std::vector<ScopedField> scoped;
  for (const auto &[field, substrings] : triggers.memberScope) scoped.push_back({field, substrings});

  // Per file: the taint of its own text (a macro it defines names what its
  // body uses), and the tainted macros it uses.
  struct File {
    std::string path;
    bool inTree = false, reported = false, guarded = false;
    Taint direct = 0;
    std::vector<int> uses;
    bool triggers = false, access = false;  // in some TU
  };
  std::vector<File> files;
  std::vector<const LexedFile *> lexedFiles;
  std::unordered_map<std::string, size_t> index;
  std::string root = treeRoot.back() == '/' ? treeRoot : treeRoot + "/";
  for (const auto &[path, l] : lexed) {
    index[path] = files.size();
    lexedFiles.push_back(&l);
    File f;
    f.path = path;
    f.inTree = path.compare(0, root.size(), root) == 0;
    f.reported = f.inTree && reported(path.substr(root.size()));
    f.guarded = l.includeGuarded;
    f.direct = directTaint(l.identifiers, l.members, triggers, scoped);
    for (const LexedMacro &m : l.macros) {
      f.direct |= scopeBits(m.identifiers, m.members, scoped);
      if (triggers.identifiers.count(m.name)) f.direct |= kTrigger;  // a definition site
    }
    if (!l.identifiers.empty() && l.identifiers[0] == "<unreadable>") f.direct |= kTrigger;
    if (l.includeInBraces) plan.siteFiles.includeInBraces.insert(path);
    files.push_back(std::move(f));
  }
  MacroTaint macros(lexedFiles, triggers, scoped);
  plan.taintedMacros = macros.globallyTainted();
  for (size_t f = 0; f < files.size(); ++f)
    for (const std::string &id : lexedFiles[f]->identifiers)
      if (int t = macros.taintedId(id); t >= 0) files[f].uses.push_back(t);
  lexedFiles.clear();
  lexed.clear();  // what is left is in `files` and `macros`

  // Mandatory parses first: failed scans, triggers in a TU's own source,
  // unguarded trigger headers (every includer).
  std::map<size_t, std::vector<size_t>> includers;  // guarded trigger header -> TUs
  for (size_t i = 0; i < deps.size(); ++i) {
    if (!deps[i].ok) {
      plan.parse[i] = true;
      ++plan.unscanned;
      continue;
    }
    std::vector<size_t> read;
    for (const std::string &path : deps[i].files) read.push_back(index.at(path));
    std::unordered_map<int, Taint> taint = macros.forTu(read);
    for (size_t f : read) {
      File &file = files[f];
      Taint t = file.direct;
      for (int id : file.uses)
        if (auto it = taint.find(id); it != taint.end()) t |= it->second;
      for (size_t k = 0; k < scoped.size(); ++k) file.access = file.access || (t & accessBit(k));
      if (!isTrigger(t, scoped.size()) || !file.inTree) continue;
      file.triggers = true;
      if (!file.reported) continue;
      bool own = file.path == sources[i];
      // Counted whatever the order of the list (the dependency scanner's
      // or, from the cache, the parse's): the report must not vary.
      plan.ownText += own;
      if (own || !file.guarded) plan.parse[i] = true;
      includers[f].push_back(i);
    }
  }
  for (const File &f : files) {
    if (f.triggers) plan.siteFiles.mayHoldSites.insert(f.path);
    plan.triggerFiles += f.triggers && f.reported;
    plan.outOfScopeFiles += f.access && !f.triggers && f.reported;
  }
  // Then, for each guarded trigger header, one includer per preprocessor
  // context that no parsed TU represents yet.
  for (const auto &[file, tus] : includers) {
    if (!files[file].guarded) continue;
    std::set<std::string> covered;
    for (size_t i : tus)
      if (plan.parse[i]) covered.insert(contexts[i]);
    for (bool first : {true, false})
      for (size_t i : tus) {
        if (preferred && (*preferred)[i] != first) continue;
        if (covered.insert(contexts[i]).second) {
          plan.parse[i] = true;
          ++plan.forHeaders;
        }
      }
  }
  return plan;
}

}  // namespace kconv
