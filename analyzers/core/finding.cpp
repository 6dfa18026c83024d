#include "core/finding.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <llvm/Support/SHA1.h>
#include <llvm/ADT/StringExtras.h>

namespace kconv {

void sortFindings(std::vector<Finding> &findings) {
  std::sort(findings.begin(), findings.end(),
            [](const Finding &a, const Finding &b) {
              return std::tie(a.location, a.rule, a.engine) <
                     std::tie(b.location, b.rule, b.engine);
            });
}

std::string normaliseCode(const std::string &line) {
  std::string out;
  bool space = false;
  for (char c : line) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void assignFingerprints(std::vector<Finding> &findings) {
  sortFindings(findings);
  std::map<std::string, unsigned> seen;
  for (Finding &f : findings) {
    std::string key = f.rule + '\0' + f.location.file + '\0' + f.function +
                      '\0' + f.code;
    unsigned ordinal = seen[key]++;
    key += '\0' + std::to_string(ordinal);
    llvm::SHA1 sha;
    sha.update(key);
    f.fingerprint = llvm::toHex(sha.final(), true).substr(0, 16);
  }
}

nlohmann::json toJson(const Finding &f) {
  return {{"rule", f.rule},
          {"category", f.category},
          {"file", f.location.file},
          {"line", f.location.line},
          {"column", f.location.column},
          {"function", f.function},
          {"engine", f.engine},
          {"verified", f.verified},
          {"fingerprint", f.fingerprint},
          {"message", f.message},
          {"code", f.code},
          {"details", f.details}};
}

Finding findingFromJson(const nlohmann::json &j) {
  Finding f;
  f.rule = j.at("rule").get<std::string>();
  f.category = j.at("category").get<std::string>();
  f.location.file = j.at("file").get<std::string>();
  f.location.line = j.at("line").get<unsigned>();
  f.location.column = j.at("column").get<unsigned>();
  f.function = j.value("function", "");
  f.engine = j.value("engine", "clang");
  f.verified = j.value("verified", true);
  f.fingerprint = j.value("fingerprint", "");
  f.message = j.value("message", "");
  f.details = j.value("details", nlohmann::json::object());
  f.code = j.value("code", "");
  return f;
}

}  // namespace kconv
