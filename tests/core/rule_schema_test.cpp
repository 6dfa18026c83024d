// Rule packs are checked against their checker's schema on load: the
// shipped packs pass, and each kind of mistake is one InputError naming the
// file and the key (`kconv scan` turns it into exit 2).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/rule_pack.h"
#include "core/rule_schema.h"

namespace fs = std::filesystem;
using namespace kconv;

namespace {

// A pack directory holding one rule file with `text`.
std::string packWith(const std::string &text) {
  fs::path dir = fs::temp_directory_path() /
                 ("kconv-rule-schema-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "x.json") << text;
  return dir.string();
}

std::string errorOf(const std::string &text) {
  try {
    loadRulePack(packWith(text));
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(RuleSchema, ShippedPacksValidate) {
  RulePack pack = loadRulePack(std::string(KCONV_SOURCE_DIR) + "/rules");
  EXPECT_EQ(pack.categories(), (std::vector<std::string>{"devmap-successor", "devmap", "page-mapping",
                                                       "pgmap-type"}));
}

TEST(RuleSchema, UnknownCheckerIsNamed) {
  std::string e = errorOf(R"({"category": "devmap", "checker": "devmapp", "names": []})");
  EXPECT_NE(e.find("x.json: checker: unknown checker \"devmapp\""), std::string::npos) << e;
}

TEST(RuleSchema, MissingKeyIsNamed) {
  std::string e = errorOf(R"({"category": "devmap", "checker": "devmap"})");
  EXPECT_NE(e.find("x.json: names: missing (an array)"), std::string::npos) << e;
  e = errorOf(R"({"checker": "devmap", "names": []})");
  EXPECT_NE(e.find("x.json: category: missing"), std::string::npos) << e;
}

TEST(RuleSchema, WrongTypesAreNamedWithTheirPath) {
  EXPECT_NE(errorOf(R"({"category": 42, "checker": "devmap", "names": []})").find("category: missing (a non-empty string)"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"category": "devmap", "checker": "devmap", "names": "x"})").find("names: expected an array"),
            std::string::npos);
  std::string e = errorOf(
      R"({"category": "devmap", "checker": "devmap", "names": [{"name": "a"}, {"name": 3}]})");
  EXPECT_NE(e.find("names[1].name: expected a string"), std::string::npos) << e;
  e = errorOf(R"({"category": "pgmap-type", "checker": "pgmap-type", "record": "r", "field": "f",
                  "predicates": [], "behaviours": {"keep": {"bit": "one"}}})");
  EXPECT_NE(e.find("behaviours.keep.bit: expected an integer"), std::string::npos) << e;
  EXPECT_NE(errorOf("[1, 2]").find("(top level): expected an object"), std::string::npos);
}

TEST(RuleSchema, UnknownKeyIsAnErrorNotASilentDrop) {
  std::string e = errorOf(R"({"category": "devmap", "checker": "devmap", "names": [], "nmaes": []})");
  EXPECT_NE(e.find("nmaes: unknown key"), std::string::npos) << e;
}
