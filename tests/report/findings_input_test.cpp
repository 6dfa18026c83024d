// Bad findings files are refused with a message naming the file and the
// problem, never half-read.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "core/errors.h"
#include "report/findings_input.h"

namespace kconv {
namespace {

const std::string kDir = KCONV_REPORT_FIXTURES;
const std::string kTree = kDir + "/tree";

// The fixture new.json with `edit` applied, written to a temporary file.
std::string variant(const std::string &name, const std::function<void(nlohmann::json &)> &edit) {
  std::ifstream in(kDir + "/new.json");
  nlohmann::json j = nlohmann::json::parse(in);
  edit(j);
  std::string path = ::testing::TempDir() + "/kconv-report-" + name + ".json";
  std::ofstream(path) << j.dump();
  return path;
}

// The InputError message for loading `path`, or "" if it loads.
std::string errorOf(const std::string &path) {
  try {
    loadFindingsFile(path);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

std::string treeErrorOf(const LoadedFindings &f, const std::string &version) {
  try {
    checkFindingsMatchTree(f, kTree, version);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

bool has(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

TEST(FindingsInput, LoadsTheFixture) {
  LoadedFindings f = loadFindingsFile(kDir + "/new.json");
  EXPECT_EQ(f.scan.findings.size(), 7u);
  EXPECT_EQ(f.source.tree.kernel, "6.12.0");
  EXPECT_EQ(f.source.parsed, 6u);
}

TEST(FindingsInput, RefusesWhatIsNotKconvFindings) {
  std::string garbage = ::testing::TempDir() + "/kconv-report-garbage.json";
  std::ofstream(garbage) << "{ not json";
  EXPECT_TRUE(has(errorOf(garbage), "garbage.json: not JSON"));
  EXPECT_TRUE(has(errorOf(kDir + "/missing.json"), "cannot read"));
  std::string sarif = variant("sarif", [](auto &j) { j["tool"] = "other"; });
  EXPECT_TRUE(has(errorOf(sarif), "not a kconv findings file"));
  std::string report = variant("report", [](auto &j) { j["report"] = "conversion"; });
  EXPECT_TRUE(has(errorOf(report), "a kconv report, not findings"));
  std::string noFindings = variant("nofindings", [](auto &j) { j.erase("findings"); });
  EXPECT_TRUE(has(errorOf(noFindings), "nofindings.json: findings: missing"));
  std::string noLine = variant("noline", [](auto &j) { j["findings"][0].erase("line"); });
  EXPECT_TRUE(has(errorOf(noLine), "noline.json: findings[0].line: missing"));
  // Wrong types and ranges name the key; nothing is wrapped or aborted.
  std::string object = variant("object", [](auto &j) { j["findings"] = nlohmann::json::object(); });
  EXPECT_TRUE(has(errorOf(object), "object.json: findings: expected an array"));
  std::string tool = variant("tool", [](auto &j) { j["tool"] = 5; });
  EXPECT_TRUE(has(errorOf(tool), "not a kconv findings file"));
  std::string huge = variant("huge", [](auto &j) { j["findings"][0]["line"] = 99999999999; });
  EXPECT_TRUE(has(errorOf(huge), "findings[0].line: expected an integer from 1 to 2147483647"));
  std::string negative = variant("negative", [](auto &j) { j["findings"][0]["column"] = -5; });
  EXPECT_TRUE(has(errorOf(negative), "findings[0].column: expected an integer from 0"));
}

TEST(FindingsInput, RefusesAnotherKconvVersion) {
  std::string old = variant("oldversion", [](auto &j) { j["version"] = "0.0.1"; });
  std::string e = errorOf(old);
  EXPECT_TRUE(has(e, "written by kconv 0.0.1, this is kconv " KCONV_VERSION)) << e;
}

TEST(FindingsInput, RefusesBrokenFindings) {
  std::string abs = variant("abs", [](auto &j) { j["findings"][1]["file"] = "/etc/passwd"; });
  EXPECT_TRUE(has(errorOf(abs), "finding 2: file '/etc/passwd' is not relative"));
  std::string up = variant("up", [](auto &j) { j["findings"][1]["file"] = "mm/../../x.c"; });
  EXPECT_TRUE(has(errorOf(up), "is not relative"));
  std::string zero = variant("zero", [](auto &j) { j["findings"][0]["line"] = 0; });
  EXPECT_TRUE(has(errorOf(zero), "zero.json: findings[0].line: expected an integer from 1"));
  std::string cat = variant("cat", [](auto &j) { j["findings"][0]["category"] = "pgmap-type"; });
  EXPECT_TRUE(has(errorOf(cat), "rule 'devmap.pmd_devmap' is not in category 'pgmap-type'"));
  std::string twice = variant("twice", [](auto &j) { j["findings"].push_back(j["findings"][0]); });
  EXPECT_TRUE(has(errorOf(twice), "mm/gup.c:120 (devmap.pmd_devmap) is listed twice"));
}

TEST(FindingsInput, RefusesFindingsFromAnotherTree) {
  LoadedFindings f = loadFindingsFile(kDir + "/new.json");
  EXPECT_EQ(treeErrorOf(f, "6.12.0"), "");
  EXPECT_TRUE(checkFindingsMatchTree(f, kTree, "6.12.0").empty());
  EXPECT_TRUE(has(treeErrorOf(f, "6.1.0"), "was scanned on kernel 6.12.0"));
  // A stable update of the same release is a note, not an error.
  auto notes = checkFindingsMatchTree(f, kTree, "6.12.5");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_TRUE(has(notes[0].message, "line numbers may differ"));
  f.scan.findings[3].location.file = "mm/not-in-this-tree.c";
  EXPECT_TRUE(has(treeErrorOf(f, "6.12.0"), "1 findings are in files"));
  EXPECT_TRUE(has(treeErrorOf(f, "6.12.0"), "first: mm/not-in-this-tree.c"));
}

}  // namespace
}  // namespace kconv
