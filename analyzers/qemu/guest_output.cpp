#include "qemu/guest_output.h"

#include "core/regex.h"

#include <sstream>

namespace kconv {

namespace {

const Regex kBegin(R"(^KCONV-BEGIN (\S+)\s*$)");
const Regex kEnd(R"(^KCONV-END (\S+) rc=(-?\d+)\s*$)");
const Regex kStep(R"(^KCONV-STEP (\S+) rc=(-?\d+)\s*$)");
const Regex kKmsgMarker(R"(kconv-guest: (begin|end) (\S+)\s*$)");

std::vector<std::string> splitLines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

const GuestSection *GuestOutput::find(const std::string &name) const {
  for (const GuestSection &s : sections)
    if (s.name == name) return &s;
  return nullptr;
}

GuestOutput parseGuestOutput(const std::string &stream) {
  GuestOutput out;
  GuestSection *open = nullptr;
  std::vector<std::string> stepLog;
  for (const std::string &line : splitLines(stream)) {
    Regex::Match m;
    if (line == "KCONV-GUEST-START") {
      out.started = true;
    } else if (line == "KCONV-GUEST-DONE") {
      out.finished = true;
    } else if (kBegin.fullMatch(line, &m)) {
      out.sections.push_back({m[1], {}, false, -1});
      open = &out.sections.back();
    } else if (kEnd.fullMatch(line, &m) && open && open->name == m[1]) {
      open->ended = true;
      open->exitCode = std::stoi(m[2]);
      open = nullptr;
    } else if (open) {
      open->lines.push_back(line);
    } else if (kStep.fullMatch(line, &m)) {
      out.steps.push_back({m[1], std::stoi(m[2]), std::move(stepLog)});
      stepLog.clear();
    } else if (line.rfind("# ", 0) == 0) {
      stepLog.push_back(line.substr(2));
    }
  }
  return out;
}

std::string consoleSection(const std::string &console, const std::string &section) {
  std::string out;
  bool inside = false;
  for (const std::string &line : splitLines(console)) {
    Regex::Match m;
    if (kKmsgMarker.search(line, &m) && m[2] == section) {
      if (m[1] == "end" && inside) break;
      inside = m[1] == "begin";
      continue;
    }
    if (inside) out += line + "\n";
  }
  return out;
}

std::string sectionAtLine(const std::string &console, unsigned line) {
  std::string current = "boot";
  unsigned n = 0;
  for (const std::string &text : splitLines(console)) {
    if (++n >= line) break;
    Regex::Match m;
    if (kKmsgMarker.search(text, &m))
      current = m[1] == "begin" ? m.str(2) : "after " + m.str(2);
  }
  return current;
}

}  // namespace kconv
