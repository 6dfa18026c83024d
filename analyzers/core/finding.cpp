#include "core/finding.h"

#include "core/text_escape.h"

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
  // A finding keeps a bounded excerpt of its line: a generated 5 MB line
  // holding many sites must not be copied into each of them.
  std::string_view text(line);
  if (text.size() > 4 * kCodeExcerpt) text = text.substr(0, 4 * kCodeExcerpt);
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return excerpt(out, kCodeExcerpt);
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

Finding findingFromJson(const JsonReader &j) {
  j.expectObject();
  constexpr int64_t kMaxLine = 0x7fffffff;
  Finding f;
  f.rule = j.string("rule");
  f.category = j.string("category");
  f.location.file = j.string("file");
  f.location.line = static_cast<unsigned>(j.integer("line", 1, kMaxLine));
  f.location.column = static_cast<unsigned>(j.integer("column", 0, kMaxLine));
  f.function = j.string("function", "");
  f.engine = j.string("engine", "clang");
  f.verified = j.boolean("verified", true);
  f.fingerprint = j.string("fingerprint", "");
  f.message = j.string("message", "");
  if (j.has("details")) f.details = j.at("details").expectObject().json();
  else f.details = nlohmann::json::object();
  f.code = excerpt(j.string("code", ""), kCodeExcerpt);
  return f;
}

Finding findingFromJson(const nlohmann::json &j) { return findingFromJson(JsonReader(j, "finding")); }

}  // namespace kconv
