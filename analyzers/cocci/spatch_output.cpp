#include "cocci/spatch_output.h"

#include "core/regex.h"

#include <sstream>

namespace kconv {

namespace {

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

bool startsWith(const std::string &s, const std::string &prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::string clip(const std::string &s) {
  return s.size() > 200 ? s.substr(0, 200) + "..." : s;
}

void parseKind(const std::string &bracket, CocciRecord &r) {
  std::istringstream in(bracket);
  std::string item;
  bool first = true;
  while (std::getline(in, item, ',')) {
    if (first) {
      r.kind = item;
      first = false;
      continue;
    }
    size_t eq = item.find('=');
    if (eq == std::string::npos)
      r.attributes[item] = "";
    else
      r.attributes[item.substr(0, eq)] = item.substr(eq + 1);
  }
}

}  // namespace

std::optional<CocciRecord> parseReportLine(const std::string &line) {
  static const Regex re(
      R"(^(.+?):([0-9]+):([0-9]+)-([0-9]+): ([A-Za-z0-9_.-]+) \[([^\]]*)\])"
      R"((?: in ([A-Za-z0-9_]+)\(\))?: (.*)$)");
  Regex::Match m;
  if (!re.fullMatch(line, &m)) return std::nullopt;
  CocciRecord r;
  r.file = m[1];
  try {
    r.line = std::stoul(m[2]);
    r.column = std::stoul(m[3]);
    r.columnEnd = std::stoul(m[4]);
  } catch (const std::exception &) {
    return std::nullopt;
  }
  if (r.line == 0) return std::nullopt;
  r.rule = m[5];
  parseKind(m[6], r);
  r.function = m[7];
  r.text = m[8];
  if (r.kind.empty() || r.rule.find('.') == std::string::npos) return std::nullopt;
  return r;
}

SpatchOutput parseSpatchOutput(const std::string &out, const std::string &err,
                               const SpatchExit &exit,
                               const std::vector<std::string> &files) {
  SpatchOutput result;
  std::string single = files.size() == 1 ? files.front() : "";
  bool timeoutSeen = false;
  for (const std::string &line : lines(out)) {
    if (line.empty()) continue;
    if (auto r = parseReportLine(line)) {
      result.records.push_back(std::move(*r));
    } else if (startsWith(line, "timeout (we abort): ")) {
      result.problems.push_back({"timeout", line.substr(20), "spatch --timeout"});
      timeoutSeen = true;
    } else {
      result.problems.push_back({"malformed", single, clip(line)});
    }
  }
  static const Regex exn(R"(^EXN: (.*) in (.+)$)");
  bool fatal = false;
  for (const std::string &line : lines(err)) {
    Regex::Match m;
    if (startsWith(line, "timeout (we abort): ")) {
      result.problems.push_back({"timeout", line.substr(20), "spatch --timeout"});
      timeoutSeen = true;
    } else if (exn.fullMatch(line, &m)) {
      bool timeout = m.str(1).find("Timeout") != std::string::npos;
      result.problems.push_back({timeout ? "timeout" : "error", m[2], clip(m[1])});
    } else if (startsWith(line, "Fatal error: exception ")) {
      fatal = true;
      bool timeout = line.find("Timeout") != std::string::npos;
      if (!(timeout && timeoutSeen))
        result.problems.push_back({timeout ? "timeout" : "error", single, clip(line)});
    }
  }
  if (exit.timedOut) {
    result.problems.push_back({"timeout", single, "killed after kconv's time limit"});
  } else if (exit.exitCode < 0) {
    result.problems.push_back(
        {"crash", single, exit.error.empty() ? "spatch was killed" : clip(exit.error)});
  } else if (exit.exitCode != 0 && !fatal) {
    result.problems.push_back(
        {"error", single, "spatch exited with status " + std::to_string(exit.exitCode)});
  }
  return result;
}

}  // namespace kconv
