#include "core/rule_pack_api.h"

#include <algorithm>

#include "core/errors.h"
#include "core/regex.h"

namespace kconv {

namespace {

using nlohmann::json;

const char *const kDeclarationKeys[] = {"declares", "declares_any", "lacks"};
const char *const kVersionKeys[] = {"since", "before"};

// The entry lists a condition may sit on, as key paths into a rule file.
std::vector<std::vector<std::string>> entryLists() {
  return {{"names"}, {"predicates"}, {"idioms"}, {"ops", "members"}};
}

json *listAt(json &config, const std::vector<std::string> &path) {
  json *at = &config;
  for (const std::string &key : path) {
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &(*at)[key];
  }
  return at->is_array() ? at : nullptr;
}

std::string joinPath(const std::vector<std::string> &path) {
  std::string out;
  for (const std::string &k : path) out += (out.empty() ? "" : ".") + k;
  return out;
}

std::string joined(const json &names) {
  std::string out;
  for (const auto &n : names) out += (out.empty() ? "" : ", ") + n.get<std::string>();
  return out;
}

struct Verdict {
  bool applies = true;
  std::string by;  // "declaration", "version", "default"
  std::string why;
};

Verdict byDeclarations(const json &cond, const TreeApiFacts &facts) {
  auto declared = [&](const json &n) { return facts.declared.count(n.get<std::string>()) > 0; };
  Verdict v{true, "declaration", ""};
  std::string said;
  auto add = [&](const std::string &s) { said += (said.empty() ? "" : "; ") + s; };
  if (cond.contains("declares"))
    for (const auto &n : cond["declares"]) {
      if (!declared(n)) {
        v.applies = false;
        add(n.get<std::string>() + " is not declared");
      } else {
        add(n.get<std::string>() + " is declared in " + facts.declared.at(n.get<std::string>()));
      }
    }
  if (cond.contains("declares_any")) {
    const json &names = cond["declares_any"];
    auto hit = std::find_if(names.begin(), names.end(), declared);
    if (hit == names.end()) {
      v.applies = false;
      add("none of " + joined(names) + " is declared");
    } else {
      add(hit->get<std::string>() + " is declared in " + facts.declared.at(hit->get<std::string>()));
    }
  }
  if (cond.contains("lacks")) {
    const json &names = cond["lacks"];
    auto hit = std::find_if(names.begin(), names.end(), declared);
    if (hit != names.end()) {
      v.applies = false;
      add(hit->get<std::string>() + " is declared in " + facts.declared.at(hit->get<std::string>()));
    } else {
      add("none of " + joined(names) + " is declared");
    }
  }
  v.why = said + " (the tree's headers)";
  return v;
}

Verdict byVersion(const json &cond, const TreeApiFacts &facts) {
  Verdict v{true, "version", ""};
  unsigned major = facts.version / 100, minor = facts.version % 100;
  std::string have = std::to_string(major) + "." + std::to_string(minor);
  if (cond.contains("since") && facts.version < versionNumber(cond["since"])) {
    v.applies = false;
    v.why = have + " is before " + cond["since"].get<std::string>();
  } else if (cond.contains("before") && facts.version >= versionNumber(cond["before"])) {
    v.applies = false;
    v.why = have + " is not before " + cond["before"].get<std::string>();
  } else {
    v.why = have + " is in range";
  }
  v.why += " (the tree's Makefile; its headers did not tell)";
  return v;
}

bool hasAny(const json &cond, const char *const *keys, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (cond.contains(keys[i])) return true;
  return false;
}

// Headers first, version second; a condition neither can decide applies.
Verdict evaluate(const json &cond, const TreeApiFacts &facts) {
  if (hasAny(cond, kDeclarationKeys, 3) && facts.headersRead) return byDeclarations(cond, facts);
  if (hasAny(cond, kVersionKeys, 2) && facts.version) return byVersion(cond, facts);
  return {true, "default", "neither the tree's headers nor its version tell"};
}

std::string entryRule(const std::string &category, const json &entry) {
  return category + "." + entry.value("name", entry.value("id", std::string()));
}

}  // namespace

unsigned versionNumber(const std::string &majorMinor) {
  static const Regex shape(R"((\d{1,3})\.(\d{1,2}))");
  Regex::Match m;
  if (!shape.fullMatch(majorMinor, &m)) return 0;
  return static_cast<unsigned>(std::stoul(m.str(1)) * 100 + std::stoul(m.str(2)));
}

std::set<std::string> apiProbes(const RulePack &pack) {
  std::set<std::string> out;
  auto collect = [&](const json &cond) {
    for (const char *key : kDeclarationKeys)
      if (cond.contains(key))
        for (const auto &n : cond[key]) out.insert(n.get<std::string>());
  };
  for (const RuleFile &rf : pack.files) {
    json config = rf.config;
    if (config.contains("api")) collect(config["api"]["applies"]);
    for (const auto &path : entryLists())
      if (const json *list = listAt(config, path))
        for (const auto &e : *list)
          if (e.contains("applies")) collect(e["applies"]);
  }
  return out;
}

void validateApiConditions(const json &config, const std::string &name) {
  auto check = [&](const json &cond, const std::string &where) {
    bool any = hasAny(cond, kDeclarationKeys, 3) || hasAny(cond, kVersionKeys, 2);
    if (!any)
      throw InputError(name + ": " + where +
                       ": names no declaration (declares, declares_any, lacks) and no "
                       "version (since, before)");
    for (const char *key : kVersionKeys)
      if (cond.contains(key) && !versionNumber(cond[key].get<std::string>()))
        throw InputError(name + ": " + where + "." + key + ": expected a version MAJOR.MINOR");
    for (const char *key : kDeclarationKeys)
      if (cond.contains(key) && cond[key].empty())
        throw InputError(name + ": " + where + "." + key + ": expected at least one name");
  };
  if (config.contains("api")) {
    check(config["api"]["applies"], "api.applies");
    std::string absent = config["api"].value("absent", std::string("complete"));
    if (absent != "complete" && absent != "inactive")
      throw InputError(name + ": api.absent: expected \"complete\" or \"inactive\"");
  }
  json copy = config;
  for (const auto &path : entryLists())
    if (const json *list = listAt(copy, path))
      for (size_t i = 0; i < list->size(); ++i)
        if ((*list)[i].contains("applies"))
          check((*list)[i]["applies"], joinPath(path) + "[" + std::to_string(i) + "].applies");
}

namespace {

// Removes the entries of `rf` whose condition fails; records the rules
// kept and removed by a condition in `category`. True when a condition
// kept an entry (the tree has an API the ungated rules do not describe).
bool filterEntries(RuleFile &rf, const TreeApiFacts &facts, json &category) {
  bool gatedIn = false;
  json on = json::array(), off = json::array();
  for (const auto &path : entryLists()) {
    json *list = listAt(rf.config, path);
    if (!list) continue;
    json kept = json::array();
    for (const auto &e : *list) {
      if (!e.contains("applies")) {
        kept.push_back(e);
        continue;
      }
      Verdict v = evaluate(e["applies"], facts);
      (v.applies ? on : off).push_back(entryRule(rf.category, e));
      if (v.applies) {
        gatedIn = true;
        kept.push_back(e);
      } else if (e.contains("name")) {
        rf.gatedOut.insert(e["name"].get<std::string>());
      }
    }
    *list = std::move(kept);
  }
  // An idiom tests names of the file: keep those still there.
  if (json *idioms = listAt(rf.config, {"idioms"})) {
    std::set<std::string> names;
    if (const json *list = listAt(rf.config, {"names"}))
      for (const auto &e : *list) names.insert(e["name"].get<std::string>());
    json kept = json::array();
    for (json idiom : *idioms) {
      json right = json::array();
      for (const auto &n : idiom["right"])
        if (names.count(n.get<std::string>())) right.push_back(n);
      idiom["right"] = right;
      if (!right.empty()) kept.push_back(std::move(idiom));
    }
    *idioms = std::move(kept);
  }
  if (!on.empty()) category["rules_by_tree_api"] = on;
  if (!off.empty()) category["rules_not_in_tree"] = off;
  return gatedIn;
}

}  // namespace

RulePack packForTree(const RulePack &pack, const TreeApiFacts &facts) {
  RulePack out = pack;
  out.files.clear();
  out.api = json::object();
  json categories = json::object();
  bool moved = false;
  for (const RuleFile &original : pack.files) {
    RuleFile rf = original;
    json category = json::object();
    if (rf.config.contains("api")) {
      const json &api = rf.config["api"];
      Verdict v = evaluate(api["applies"], facts);
      category["api"] = v.applies ? "present" : "absent";
      category["decided_by"] = v.by;
      category["why"] = v.why;
      if (api.contains("summary")) category["summary"] = api["summary"];
      if (!v.applies) {
        bool complete = api.value("absent", std::string("complete")) == "complete";
        category["state"] = complete ? "complete" : "inactive";
        if (complete) category["sites"] = 0;
        moved = moved || complete;
        categories[rf.category] = std::move(category);
        continue;
      }
    }
    category["state"] = "active";
    moved = filterEntries(rf, facts, category) || moved;
    categories[rf.category] = std::move(category);
    out.files.push_back(std::move(rf));
  }
  if (!moved) return out;
  json declared = json::object();
  json absent = json::array();
  for (const std::string &probe : apiProbes(pack)) {
    auto it = facts.declared.find(probe);
    if (it != facts.declared.end()) declared[probe] = it->second;
    else absent.push_back(probe);
  }
  out.api = {{"categories", categories},
             {"headers_read", facts.headersRead},
             {"declared", declared},
             {"not_declared", absent}};
  if (facts.version)
    out.api["version"] = std::to_string(facts.version / 100) + "." + std::to_string(facts.version % 100);
  return out;
}

}  // namespace kconv
