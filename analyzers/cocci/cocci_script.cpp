#include "cocci/cocci_script.h"

#include <fstream>
#include <regex>
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
  static const std::regex options(R"(^//\s*Options:(.*)$)");
  static const std::regex virt(R"(^virtual\s+([A-Za-z_][A-Za-z0-9_]*)\s*$)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, options)) {
      std::istringstream words(m[1].str());
      for (std::string w; words >> w;) s.options.push_back(w);
    } else if (std::regex_match(line, m, virt)) {
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
  for (const char *list : {"untyped_bases"})
    for (const auto &n : rf.config.value(list, nlohmann::json::array()))
      rules.insert(n.get<std::string>());

  // Every name in the script's `identifier x = {...};` / `!= {...}` sets.
  std::set<std::string> script;
  static const std::regex set(R"(identifier\s+\w+\s*!?=\s*\{([^}]*)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), set);
       it != std::sregex_iterator(); ++it) {
    std::string body = (*it)[1];
    static const std::regex word(R"([A-Za-z_][A-Za-z0-9_]*)");
    for (auto w = std::sregex_iterator(body.begin(), body.end(), word);
         w != std::sregex_iterator(); ++w)
      script.insert(w->str());
  }
  nlohmann::json missing = nlohmann::json::array(), extra = nlohmann::json::array();
  for (const auto &n : rules)
    if (!script.count(n)) missing.push_back(n);
  std::string field = rf.config.value("field", std::string());
  for (const auto &n : script)
    if (!rules.count(n) && n != field) extra.push_back(n);
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
