#include "qemu/harness_report.h"

#include <sstream>

namespace kconv {

namespace {

bool isFailure(TestStatus s) { return s == TestStatus::Failed || s == TestStatus::Crashed; }

nlohmann::json testsJson(const std::vector<TestOutcome> &tests) {
  nlohmann::json out = nlohmann::json::array();
  for (const TestOutcome &t : tests) {
    nlohmann::json j = {{"kind", t.kind}, {"name", t.name}, {"status", statusName(t.status)}};
    if (!t.directive.empty()) j["directive"] = t.directive;
    if (isFailure(t.status) && !t.log.empty()) j["log"] = t.log;
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json splatsJson(const std::vector<ReportedSplat> &splats) {
  nlohmann::json out = nlohmann::json::array();
  for (const ReportedSplat &s : splats)
    out.push_back({{"kind", s.splat.kind}, {"line", s.splat.line}, {"text", s.splat.text},
                   {"section", s.section}, {"context", s.splat.context}});
  return out;
}

nlohmann::json conventionJson(const FreePageConvention &c) {
  return {{"name", c.name}, {"summary", c.summary()},
          {"free_refcount", {{"device_private", c.privateFree}, {"device_coherent", c.privateFree},
                             {"generic", c.genericFree}, {"fs_dax", c.fsdaxFree}}},
          {"generic_reset_on_free", c.genericResetOnFree},
          {"fs_dax_mapping_holds_ref", c.fsdaxMappingHoldsRef()}, {"evidence", c.evidence}};
}

nlohmann::json apiJson(const ZoneDeviceApi &a) {
  return {{"summary", a.summary()},
          {"zone_device_page_init_args", a.pageInitArgs},
          {"folio_free", a.folioFree},
          {"page_pgmap", a.pagePgmapAccessor},
          {"evidence", a.evidence}};
}

}  // namespace

bool TestReport::passed() const {
  if (!errors.empty() || !splats.empty() || qemuTimedOut) return false;
  for (const TestOutcome &t : tests)
    if (isFailure(t.status)) return false;
  return !tests.empty();
}

std::map<std::string, KindSummary> summarizeByKind(const std::vector<TestOutcome> &tests) {
  std::map<std::string, KindSummary> out;
  for (const std::string &kind : testKinds()) out[kind];
  for (const TestOutcome &t : tests) {
    KindSummary &k = out[t.kind];
    ++k.run;
    switch (t.status) {
      case TestStatus::Passed: ++k.passed; break;
      case TestStatus::Failed: ++k.failed; break;
      case TestStatus::Skipped: ++k.skipped; break;
      case TestStatus::Crashed: ++k.crashed; break;
    }
  }
  return out;
}

nlohmann::json reportJson(const TestReport &r) {
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto &[kind, k] : summarizeByKind(r.tests))
    kinds[kind] = {{"run", k.run}, {"passed", k.passed}, {"failed", k.failed},
                   {"skipped", k.skipped}, {"crashed", k.crashed}};
  return {
      {"tool", "kconv"},
      {"version", KCONV_VERSION},
      {"command", "test"},
      {"tree", {{"path", r.treePath}, {"kernel", r.kernelVersion}, {"arch", r.arch},
                {"config", r.configFragment}, {"build_dir", r.buildDir}}},
      {"convention", conventionJson(r.convention)},
      {"zone_device_api", apiJson(r.api)},
      {"timings_s", {{"configure", r.timings.configure}, {"config_reused", r.timings.configReused},
                     {"kernel_build", r.timings.build},
                     {"kernel_build_incremental", r.timings.incrementalBuild},
                     {"guest_programs", r.timings.guestPrograms},
                     {"guest_kernel_boot", r.timings.guestBoot}, {"qemu", r.timings.qemu}}},
      {"qemu", {{"exit_code", r.qemuExitCode}, {"timed_out", r.qemuTimedOut}}},
      {"kinds", kinds},
      {"tests", testsJson(r.tests)},
      {"splats", splatsJson(r.splats)},
      {"errors", r.errors},
      {"logs", {{"console", r.consoleLog}, {"guest_results", r.resultsLog}}},
      {"verdict", r.passed() ? "pass" : "fail"},
  };
}

std::string summaryLine(const TestReport &r) {
  std::ostringstream out;
  out << (r.passed() ? "PASS" : "FAIL") << ":";
  const char *sep = " ";
  for (const auto &[kind, k] : summarizeByKind(r.tests)) {
    out << sep << kind << " " << k.passed << "/" << k.run << " passed";
    if (k.skipped) out << " (" << k.skipped << " skipped)";
    if (k.failed + k.crashed) out << " (" << k.failed + k.crashed << " failed)";
    sep = ", ";
  }
  out << "; " << r.splats.size() << " splat" << (r.splats.size() == 1 ? "" : "s");
  if (!r.errors.empty()) out << "; " << r.errors.size() << " error" << (r.errors.size() == 1 ? "" : "s");
  return out.str();
}

std::string failureSummary(const std::string &name, const std::vector<std::string> &log) {
  for (size_t i = 0; i < log.size(); ++i) {
    // KUnit: "# case: EXPECTATION FAILED at file:line" then the message.
    if (log[i].find(" FAILED at ") != std::string::npos) {
      std::string where = log[i].substr(log[i].find(" FAILED at ") + 11);
      if (i + 1 < log.size() && log[i + 1][0] != '#') return where + ": " + log[i + 1];
      return log[i];
    }
  }
  // kconv's FS-DAX scenario and the harness's timeouts: "# <test>: why".
  std::string own = "# " + name.substr(name.find_last_of('.') + 1) + ": ";
  for (const std::string &line : log)
    if (line.rfind(own, 0) == 0) return line;
  // kselftest harness: the first line that is not its RUN/OK/FAIL banner,
  // e.g. "# file.c:123:test:Expected a (1) == b (2)" or "# test: Test
  // terminated by timeout".
  for (const std::string &line : log)
    if (line.rfind("#  RUN ", 0) != 0 && line.find("  FAIL  ") == std::string::npos &&
        line.find("  OK  ") == std::string::npos)
      return line;
  return log.empty() ? "" : log.back();
}

std::vector<std::string> failureLines(const TestReport &r) {
  std::vector<std::string> out;
  for (const TestOutcome &t : r.tests)
    if (isFailure(t.status))
      out.push_back(t.kind + ": " + t.name + ": " + statusName(t.status) +
                    (t.log.empty() ? "" : " (" + failureSummary(t.name, t.log) + ")"));
  for (const ReportedSplat &s : r.splats)
    out.push_back("splat (" + s.splat.kind + ", " +
                  (s.section.rfind("after ", 0) == 0 ? s.section : "in " + s.section) +
                  ", console line " + std::to_string(s.splat.line) + "): " + s.splat.text);
  for (const std::string &e : r.errors) out.push_back("error: " + e);
  if (r.qemuTimedOut) out.push_back("error: QEMU hit the hard timeout");
  return out;
}

}  // namespace kconv
