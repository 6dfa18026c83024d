#include <map>
#include <sstream>

#include "report/conversion_report.h"
#include "report/formats.h"

namespace kconv {

std::string renderText(const ScanResult &r) {
  std::ostringstream out;
  std::map<std::string, unsigned> perCategory;
  for (const Finding &f : r.findings) {
    out << f.location.file << ':' << f.location.line << ':' << f.location.column
        << ": " << f.rule << ": " << f.message;
    if (!f.function.empty()) out << " [in " << f.function << "()]";
    if (!f.verified) out << " (unverified)";
    out << '\n';
    ++perCategory[f.category];
  }
  // A category whose API the tree no longer has is complete, not silent.
  std::map<std::string, std::string> complete = completeCategories(r), counts;
  for (const auto &[category, why] : complete) counts[category] = "0 (complete, API absent)";
  for (const auto &[category, n] : perCategory) counts[category] = std::to_string(n);
  out << "kconv: " << r.findings.size() << " findings";
  for (const auto &[category, n] : counts) out << ", " << category << ": " << n;
  out << "; " << r.coverage.parsed << "/" << r.coverage.translationUnits
      << " translation units parsed";
  if (r.coverage.failed) out << ", " << r.coverage.failed << " failed";
  out << '\n';
  for (const auto &[category, why] : complete)
    out << "kconv: " << category << ": " << completeText(why) << '\n';
  for (const FailedUnit &u : r.coverage.failedUnits)
    out << "kconv: failed to parse " << u.file << ": " << u.reason << '\n';
  return out.str();
}

}  // namespace kconv
