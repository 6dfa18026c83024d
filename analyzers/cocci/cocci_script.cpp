#include "cocci/cocci_script.h"

#include "core/regex.h"

#include <fstream>
#include <sstream>

namespace kconv {

Script loadScript(const std::string &path) {
  Script s;
  s.path = path;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  s.text = ss.str();
  std::istringstream lines(s.text);
  static const Regex options(R"(^//\s*Options:(.*)$)");
  static const Regex virt(R"(^virtual\s+([A-Za-z_][A-Za-z0-9_]*)\s*$)");
  for (std::string line; std::getline(lines, line);) {
    Regex::Match m;
    if (options.fullMatch(line, &m)) {
      std::istringstream words(m.str(1));
      for (std::string w; words >> w;) s.options.push_back(w);
    } else if (virt.fullMatch(line, &m)) {
      s.virtuals.insert(m[1]);
    }
  }
  return s;
}

nlohmann::json scriptNameMismatch(const RuleFile &rf, const std::string &text) {
  // Every name the rule file gives the engines.
  std::set<std::string> rules;
  for (const char *list : {"names", "predicates"})
    if (rf.config.contains(list))
      for (const auto &e : rf.config.at(list)) rules.insert(e.at("name").get<std::string>());
  if (rf.config.contains("idioms"))
    for (const auto &idiom : rf.config.at("idioms"))
      for (const char *side : {"left", "right"})
        for (const auto &n : idiom.value(side, nlohmann::json::array()))
          rules.insert(n.get<std::string>());
  if (rf.config.contains("ops"))
    for (const auto &e : rf.config["ops"].at("members")) rules.insert(e.at("name").get<std::string>());
  for (const char *list : {"untyped_bases"})
    for (const auto &n : rf.config.value(list, nlohmann::json::array()))
      rules.insert(n.get<std::string>());

  // Every name in the script's `identifier x = {...};` / `!= {...}` sets.
  std::set<std::string> script;
  static const Regex set(R"(identifier\s+\w+\s*!?=\s*\{([^}]*)\})");
  static const Regex word(R"([A-Za-z_][A-Za-z0-9_]*)");
  for (const Regex::Match &m : set.searchAll(text))
    for (const Regex::Match &w : word.searchAll(m.groups[1])) script.insert(w.str(0));
  nlohmann::json missing = nlohmann::json::array(), extra = nlohmann::json::array();
  for (const auto &n : rules)
    if (!script.count(n)) missing.push_back(n);
  std::string field = rf.config.value("field", std::string());
  for (const auto &n : script)
    if (!rules.count(n) && !rf.gatedOut.count(n) && n != field) extra.push_back(n);
  // The record and field are written in the patterns themselves.
  if (rf.config.contains("record") &&
      text.find("struct " + rf.config["record"].get<std::string>()) == std::string::npos)
    missing.push_back("struct " + rf.config["record"].get<std::string>());
  if (!field.empty() && text.find("->" + field) == std::string::npos &&
      !script.count(field))
    missing.push_back("->" + field);
  return {{"missing", missing}, {"extra", extra}};
}

}  // namespace kconv
