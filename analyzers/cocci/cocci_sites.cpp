#include "cocci/cocci_sites.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace kconv {

namespace {

const nlohmann::json *entryNamed(const RuleFile &rf, const std::string &name) {
  for (const char *list : {"names", "predicates"})
    if (rf.config.contains(list))
      for (const auto &e : rf.config.at(list))
        if (e.value("name", "") == name) return &e;
  return nullptr;
}

// One of the pgmap's ops (rules' "ops"), or nullptr.
const nlohmann::json *opNamed(const RuleFile &rf, const std::string &name) {
  if (rf.config.contains("ops"))
    for (const auto &e : rf.config["ops"].at("members"))
      if (e.value("name", "") == name) return &e;
  return nullptr;
}

std::vector<std::string> splitTypes(const std::string &s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; std::getline(in, t, '|');)
    if (!t.empty()) out.push_back(t);
  return out;
}

// Message and details of a site, in the words the Clang checkers use, from
// the rule file's data.
void describe(const RuleFile &rf, const std::string &name, const std::string &kind,
              const std::map<std::string, std::string> &attrs, Finding &f) {
  if (const nlohmann::json *entry = opNamed(rf, name)) {
    f.message = name + ": " + entry->value("message", std::string("pgmap op"));
    f.details = {{"kind", kind}, {"name", name}};
    if (attrs.count("implementation")) f.details["implementation"] = attrs.at("implementation");
    if (entry->contains("replacement")) f.details["replacement"] = (*entry)["replacement"];
    return;
  }
  if (const nlohmann::json *entry = entryNamed(rf, name)) {
    bool def = kind == "definition";
    bool predicate = rf.config.contains("predicates") && !rf.config.contains("names");
    f.message = (def ? "definition of " : "") + name + (predicate ? "(): " : ": ") +
                entry->value("message", std::string(rf.category));
    f.details = {{"kind", kind}};
    if (entry->contains("types")) f.details["types"] = (*entry)["types"];
    if (!predicate) f.details["name"] = name;
    if (entry->contains("replacement")) f.details["replacement"] = (*entry)["replacement"];
    if (attrs.count("idiom")) f.details["idiom"] = attrs.at("idiom");
    if (attrs.count("with")) f.details["idiom_with"] = attrs.at("with");
    return;
  }
  // A record/field rule: `name` is the access kind.
  std::string what = rf.config.value("record", std::string()) + "::" +
                     rf.config.value("field", std::string());
  std::vector<std::string> types = attrs.count("types") ? splitTypes(attrs.at("types"))
                                                        : std::vector<std::string>{};
  f.message = name + " of " + what;
  if (!types.empty()) {
    std::string list;
    for (const auto &t : types) list += (list.empty() ? "" : ", ") + t;
    f.message += " (" + list + ")";
  }
  f.details = {{"access", name}, {"typing", kind}};
  if (!types.empty()) f.details["types"] = types;
  const nlohmann::json &repl = rf.config.value("replacement", nlohmann::json());
  if (repl.is_object() && repl.contains(name)) f.details["replacement"] = repl[name];
}

}  // namespace

std::string LineCache::line(const std::string &file, unsigned n) {
  auto it = files_.find(file);
  if (it == files_.end()) {
    std::ifstream in(fs::path(root_) / file, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    it = files_.emplace(file, std::move(lines)).first;
  }
  return n >= 1 && n <= it->second.size() ? it->second[n - 1] : "";
}

std::string relativeTo(const std::string &file, const std::string &root) {
  std::string prefix = root.back() == '/' ? root : root + "/";
  if (file.compare(0, prefix.size(), prefix) == 0) return file.substr(prefix.size());
  return "";
}

void collectRecords(const RuleFile &rf, const std::vector<CocciRecord> &records,
                    const std::string &root, LineCache &lines, Collected &out) {
  for (const CocciRecord &r : records) {
    std::string file = relativeTo(r.file, root);
    if (file.empty()) {
      ++out.outside;
      continue;
    }
    Location loc{file, r.line, r.column + 1};
    size_t dot = r.rule.find('.');
    std::string category = r.rule.substr(0, dot), name = r.rule.substr(dot + 1);
    if (category != rf.category || rf.gatedOut.count(name)) continue;
    if (name == "explain") {
      out.notes.push_back({loc, category, r.kind, r.text});
      continue;
    }
    Finding f;
    f.rule = r.rule;
    f.category = category;
    f.location = loc;
    f.function = r.function;
    f.engine = "cocci";
    f.verified = false;
    describe(rf, name, r.kind, r.attributes, f);
    f.details["via"] = "spatch";
    f.code = normaliseCode(lines.line(file, r.line));
    out.findings.push_back(std::move(f));
  }
}

void collectDirectiveSites(const RulePack &rules,
                           const std::vector<SourceOccurrence> &occurrences,
                           LineCache &lines, Collected &out) {
  for (const SourceOccurrence &o : occurrences) {
    if (o.member) continue;
    std::string kind;
    if (o.context == "define-name") kind = "definition";
    else if (o.context == "condition") kind = "condition";
    else if (o.context == "condition-expr" || o.context == "define-body") kind = "use";
    else continue;
    const RuleFile *rf = rules.forCategory(o.category);
    if (!rf) continue;
    Finding f;
    f.rule = o.category + "." + o.name;
    f.category = o.category;
    f.location = o.location;
    f.engine = "cocci";
    f.verified = false;
    describe(*rf, o.name, kind, {}, f);
    f.details["via"] = "directive";
    if (!o.macro.empty()) f.details["macro_body"] = o.macro;
    f.code = normaliseCode(lines.line(o.location.file, o.location.line));
    out.findings.push_back(std::move(f));
  }
}

void dedupeSites(std::vector<Finding> &findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
    auto rank = [](const Finding &f) { return f.details.value("via", "") == "spatch" ? 0 : 1; };
    return std::tie(a.location, a.rule) < std::tie(b.location, b.rule) ||
           (std::tie(a.location, a.rule) == std::tie(b.location, b.rule) && rank(a) < rank(b));
  });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding &a, const Finding &b) {
                               return a.location == b.location && a.rule == b.rule;
                             }),
                 findings.end());
}

}  // namespace kconv
