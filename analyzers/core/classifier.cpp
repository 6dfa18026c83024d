#include "core/classifier.h"

#include <optional>
#include <memory>

#include "core/errors.h"
#include "core/regex.h"

namespace kconv {

namespace {

struct Entry {
  std::shared_ptr<const Regex> rule, function, file, code;
  std::vector<std::string> types;
  std::string kind;
  nlohmann::json set;
};

// POSIX extended syntax, as the rule files are written; RE2 matches it in
// linear time (a rule pack is input too).
std::shared_ptr<const Regex> regexField(const nlohmann::json &when, const char *key,
                                        const std::string &source) {
  if (!when.contains(key)) return nullptr;
  auto re = std::make_shared<const Regex>(when.at(key).get<std::string>(),
                                          Regex::Syntax::PosixExtended);
  if (!re->ok()) throw InputError(source + ": bad regex in classify." + key + ": " + re->error());
  return re;
}

std::vector<Entry> compile(const RuleFile &rf) {
  std::vector<Entry> out;
  for (const auto &c : rf.config.at("classify")) {
    const nlohmann::json &when = c.value("when", nlohmann::json::object());
    Entry e;
    e.rule = regexField(when, "rule", rf.path);
    e.function = regexField(when, "function", rf.path);
    e.file = regexField(when, "file", rf.path);
    e.code = regexField(when, "code", rf.path);
    if (when.contains("types")) e.types = when["types"].get<std::vector<std::string>>();
    e.kind = when.value("kind", "");
    e.set = c.at("set");
    out.push_back(std::move(e));
  }
  return out;
}

bool search(const std::shared_ptr<const Regex> &re, const std::string &text) {
  return !re || re->search(text);
}

bool matches(const Entry &e, const Finding &f) {
  if (!search(e.rule, f.rule) || !search(e.function, f.function) ||
      !search(e.file, f.location.file) || !search(e.code, f.code))
    return false;
  if (!e.kind.empty() && f.details.value("kind", "use") != e.kind) return false;
  if (e.types.empty()) return true;
  for (const auto &t : f.details.value("types", nlohmann::json::array()))
    for (const std::string &want : e.types)
      if (t == want) return true;
  return false;
}

}  // namespace

void classifyFindings(std::vector<Finding> &findings, const RulePack &rules) {
  for (const RuleFile &rf : rules.files) {
    if (!rf.config.contains("classify")) continue;
    std::vector<Entry> entries = compile(rf);
    nlohmann::json fallback = rf.config.value("default", nlohmann::json::object());
    for (Finding &f : findings) {
      if (f.category != rf.category) continue;
      const nlohmann::json *set = &fallback;
      for (const Entry &e : entries)
        if (matches(e, f)) {
          set = &e.set;
          break;
        }
      for (auto it = set->begin(); it != set->end(); ++it) f.details[it.key()] = it.value();
    }
  }
}

}  // namespace kconv
