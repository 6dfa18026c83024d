#include "gate/gate_report_junit.h"

#include <sstream>

namespace kconv {

std::string xmlEscape(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab/newline are not valid XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += '?';
        else out += c;
    }
  }
  return out;
}

std::string gateJunit(const GateReport &report) {
  size_t failures = 0;
  for (const Verdict &v : report.verdicts) failures += !v.pass;
  size_t skipped = report.seriesLength - report.commits.size();
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"kconv gate\" tests=\"" << report.seriesLength << "\" failures=\""
      << failures << "\">\n"
      << "  <testsuite name=\"" << xmlEscape(report.range) << "\" tests=\""
      << report.seriesLength << "\" failures=\"" << failures << "\" errors=\"0\" skipped=\""
      << skipped << "\">\n";
  for (size_t i = 0; i < report.commits.size(); ++i) {
    const CommitResult &r = report.commits[i];
    out << "    <testcase classname=\"" << xmlEscape(report.range) << "\" name=\""
        << xmlEscape(std::to_string(i + 1) + " " + r.commit.substr(0, 12) + " " + r.subject)
        << "\">\n";
    const Verdict &v = report.verdicts[i];
    if (!v.pass) {
      out << "      <failure message=\"" << xmlEscape(v.reasons.front()) << "\">";
      for (const std::string &reason : v.reasons) out << xmlEscape(reason) << "\n";
      for (const Finding &f : r.findings.added) out << xmlEscape(">> " + findingLine(f)) << "\n";
      out << "</failure>\n";
    }
    out << "    </testcase>\n";
  }
  for (size_t i = 0; i < report.notRun.size(); ++i) {
    const auto &[id, subject] = report.notRun[i];
    out << "    <testcase classname=\"" << xmlEscape(report.range) << "\" name=\""
        << xmlEscape(std::to_string(report.commits.size() + i + 1) + " " + id.substr(0, 12) +
                     " " + subject)
        << "\">\n      <skipped message=\"not run: the gate was interrupted\"/>\n"
        << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace kconv
