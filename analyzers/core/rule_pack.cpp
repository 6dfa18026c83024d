#include "core/rule_pack.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/json_reader.h"
#include "core/rule_pack_api.h"
#include "core/rule_schema.h"

namespace fs = std::filesystem;

namespace kconv {

const RuleFile *RulePack::forCategory(const std::string &category) const {
  for (const RuleFile &f : files)
    if (f.category == category) return &f;
  return nullptr;
}

std::vector<std::string> RulePack::categories() const {
  std::vector<std::string> out;
  for (const RuleFile &f : files) out.push_back(f.category);
  return out;
}

RuleFile parseRuleFile(const std::string &text, const std::string &path) {
  nlohmann::json j = JsonReader::parse(text, "rule file " + path);
  RuleFile f;
  f.path = path;
  const std::string name = "rule file " + f.path;
  if (!j.is_object()) throw InputError(name + ": (top level): expected an object");
  for (const char *key : {"category", "checker"})
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
      throw InputError(name + ": " + key + ": missing (a non-empty string)");
  f.category = j["category"].get<std::string>();
  f.checker = j["checker"].get<std::string>();
  auto schema = ruleSchema(f.checker);
  if (!schema) {
    std::string known;
    for (const std::string &c : schemaCheckers()) known += (known.empty() ? "" : ", ") + c;
    throw InputError(name + ": checker: unknown checker \"" + f.checker + "\" (known: " +
                     known + ")");
  }
  validateAgainst(*schema, j, name);
  validateApiConditions(j, name);
  f.config = std::move(j);
  return f;
}

RulePack loadRulePack(const std::string &dir) {
  if (!fs::is_directory(dir))
    throw InputError("rules directory not found: " + dir);
  RulePack pack;
  pack.dir = dir;
  for (const auto &entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json")
      pack.files.push_back(parseRuleFile(readFile(entry.path().string()), entry.path().string()));
    else if (entry.path().extension() == ".config")
      pack.kconfigFragment = entry.path().string();
  }
  std::sort(pack.files.begin(), pack.files.end(),
            [](const RuleFile &a, const RuleFile &b) { return a.path < b.path; });
  if (pack.files.empty()) throw InputError("no rule files in " + dir);
  return pack;
}

// An installed kconv finds its data beside it (<prefix>/bin/kconv reads
// <prefix>/share/kconv), so a prefix or a .deb works wherever it is put and
// never depends on the source tree it was built from. A binary in the build
// tree has no such directory and reads the source tree.
std::string dataDir() {
  if (const char *env = std::getenv("KCONV_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  fs::path installed = exe.parent_path().parent_path() / "share" / "kconv";
  if (!ec && fs::is_directory(installed / "rules", ec)) return installed.string();
  return KCONV_DEFAULT_DATA_DIR;
}

}  // namespace kconv
