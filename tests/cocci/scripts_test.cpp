// The semantic patches and the rule pack name the same identifiers, and
// each script has what `make coccicheck` expects of one.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cocci/cocci_script.h"
#include "core/rule_pack.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

std::string read(const fs::path &p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Scripts, EveryRuleFileHasAScriptNamingTheSameIdentifiers) {
  RulePack pack = loadRulePack(dataDir() + "/rules");
  for (const RuleFile &rf : pack.files) {
    fs::path script = fs::path(dataDir()) / "semantic-patches" / (rf.category + ".cocci");
    ASSERT_TRUE(fs::exists(script)) << script;
    nlohmann::json mismatch = scriptNameMismatch(rf, read(script));
    EXPECT_EQ(mismatch["missing"], nlohmann::json::array()) << rf.category;
    EXPECT_EQ(mismatch["extra"], nlohmann::json::array()) << rf.category;
  }
}

TEST(Scripts, MismatchIsDetected) {
  RuleFile rf{"d.json", "devmap", "devmap",
              {{"names", {{{"name", "pte_devmap"}}, {{"name", "pmd_devmap"}}}}}};
  nlohmann::json m = scriptNameMismatch(
      rf, "@r@\nidentifier fn = {pte_devmap,\n  pte_special};\n@@\nfn(...)\n");
  EXPECT_EQ(m["missing"], nlohmann::json({"pmd_devmap"}));
  EXPECT_EQ(m["extra"], nlohmann::json({"pte_special"}));
}

TEST(Scripts, CoccicheckHeader) {
  for (const auto &entry : fs::directory_iterator(fs::path(dataDir()) / "semantic-patches")) {
    if (entry.path().extension() != ".cocci") continue;
    std::string text = read(entry.path());
    SCOPED_TRACE(entry.path().string());
    EXPECT_NE(text.find("\n/// "), std::string::npos);
    EXPECT_NE(text.find("\n// Confidence: "), std::string::npos);
    EXPECT_NE(text.find("\n// Options: "), std::string::npos);
    // The scan scripts (one per rule category, named after it) serve every
    // coccicheck mode; propose's rewrites (pgmap_flags_*, devmap_*, ...)
    // are patch-only, as `make coccicheck MODE=patch` runs them.
    bool scanScript = entry.path().stem().string().find('_') == std::string::npos;
    std::vector<std::string> modes = {"patch"};
    if (scanScript) modes = {"patch", "context", "org", "report"};
    for (const std::string &mode : modes)
      EXPECT_NE(text.find("\nvirtual " + mode + "\n"), std::string::npos) << mode;
  }
}

}  // namespace
}  // namespace kconv
