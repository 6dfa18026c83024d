#include "support/gate_deltas.h"

#include <chrono>
#include <iostream>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "support/run_kconv.h"

namespace kconv::test {

namespace {

nlohmann::json gateOnce(const std::string &tree, const std::string &range,
                        const std::vector<std::string> &paths, const std::string &reports,
                        bool shortcut) {
  std::vector<std::string> args = {"gate", range, "--tree", tree, "--no-build", "-j", "2",
                                   "--fail-on", "build", "--report-dir", reports, "--paths"};
  args.insert(args.end(), paths.begin(), paths.end());
  if (!shortcut) args.push_back("--no-header-shortcut");
  auto start = std::chrono::steady_clock::now();
  KconvRun run = runKconv(args);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  std::cout << run.out << (shortcut ? "with" : "without") << " the header shortcut: " << seconds
            << " s\n";
  try {
    return nlohmann::json::parse(readFile(reports + "/kconv-gate.json"));
  } catch (const std::exception &e) {
    ADD_FAILURE() << reports << "/kconv-gate.json: " << e.what();
    return nlohmann::json::object({{"commits", nlohmann::json::array()}});
  }
}

// A site as the delta names it: fingerprint, place and rule.
std::vector<std::string> sitesOf(const nlohmann::json &list) {
  std::vector<std::string> out;
  for (const auto &f : list)
    out.push_back(f.value("fingerprint", "") + " " + f.value("file", "") + ":" +
                  std::to_string(f.value("line", 0)) + " " + f.value("rule", ""));
  return out;
}

std::vector<std::string> dumpsOf(const nlohmann::json &list) {
  std::vector<std::string> out;
  for (const auto &m : list) out.push_back(m.dump());
  return out;
}

}  // namespace

GateBothWays gateBothWays(const std::string &tree, const std::string &range,
                          const std::vector<std::string> &paths, const std::string &reportDir) {
  GateBothWays runs;
  runs.shortcut = gateOnce(tree, range, paths, reportDir + "/shortcut", true);
  runs.full = gateOnce(tree, range, paths, reportDir + "/full", false);
  return runs;
}

void expectSameDeltas(const GateBothWays &runs) {
  const nlohmann::json &fast = runs.shortcut["commits"], &full = runs.full["commits"];
  ASSERT_EQ(fast.size(), full.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    const nlohmann::json &a = fast[i]["findings"], &b = full[i]["findings"];
    std::string which = "commit " + std::to_string(i + 1) + " " + fast[i].value("subject", "");
    EXPECT_EQ(sitesOf(a["new"]), sitesOf(b["new"])) << which;
    EXPECT_EQ(sitesOf(a["removed"]), sitesOf(b["removed"])) << which;
    EXPECT_EQ(dumpsOf(a["moved"]), dumpsOf(b["moved"])) << which;
    EXPECT_EQ(a["unanalysed"], b["unanalysed"]) << which;
    EXPECT_FALSE(b.contains("header_shortcut")) << which << ": --no-header-shortcut";
  }
}

}  // namespace kconv::test
