#include "scan/tree_api.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <vector>

#include "core/atomic_file.h"
#include "kernel/kernel_tree.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// Identifiers and one-character punctuators, outside comments, strings and
// character literals: enough to see a name or a struct body.
std::vector<std::string> tokens(const std::string &text) {
  std::vector<std::string> out;
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t i = 0, n = text.size(); i < n;) {
    char c = text[i];
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string::npos) break;
      i += 2;
    } else if (c == '"' || c == '\'') {
      for (++i; i < n && text[i] != c && text[i] != '\n'; ++i)
        if (text[i] == '\\') ++i;
      ++i;
    } else if (ident(c)) {
      size_t start = i;
      while (i < n && ident(text[i])) ++i;
      out.push_back(text.substr(start, i - start));
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(std::string(1, c));
      ++i;
    }
  }
  return out;
}

// `member` appears inside the body of `struct record { ... }`.
bool structHasMember(const std::vector<std::string> &t, const std::string &record,
                     const std::string &member) {
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    if (t[i] != "struct" || t[i + 1] != record || t[i + 2] != "{") continue;
    int depth = 0;
    for (size_t j = i + 2; j < t.size(); ++j) {
      if (t[j] == "{") ++depth;
      else if (t[j] == "}" && --depth == 0) break;
      else if (t[j] == member) return true;
    }
  }
  return false;
}

// The headers a declaration of the kernel's core API lives in, sorted.
std::vector<fs::path> apiHeaders(const fs::path &root) {
  std::vector<fs::path> dirs = {root / "include/linux", root / "include/asm-generic"};
  std::error_code ec;
  for (const auto &arch : fs::directory_iterator(root / "arch", ec))
    dirs.push_back(arch.path() / "include/asm");
  std::vector<fs::path> out;
  for (const fs::path &dir : dirs)
    for (const auto &e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".h" && e.is_regular_file(ec)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TreeApiFacts readTreeApi(const std::string &root, const std::set<std::string> &probes) {
  TreeApiFacts facts;
  std::error_code ec;
  fs::path top(root);
  if (fs::exists(top / "Makefile", ec))
    if (auto v = makefileVersion(readFile((top / "Makefile").string()), "Makefile")) {
      size_t dot = v->find('.', v->find('.') + 1);
      facts.version = versionNumber(v->substr(0, dot));
    }
  facts.headersRead = fs::is_directory(top / "include/linux", ec);
  if (!facts.headersRead || probes.empty()) return facts;
  std::set<std::string> open = probes;
  for (const fs::path &header : apiHeaders(top)) {
    if (open.empty()) break;
    std::string text = readFile(header.string());
    std::vector<std::string> toks;
    for (auto it = open.begin(); it != open.end();) {
      size_t colon = it->find("::");
      std::string word = colon == std::string::npos ? *it : it->substr(colon + 2);
      if (text.find(word) == std::string::npos) {
        ++it;
        continue;
      }
      if (toks.empty()) toks = tokens(text);
      bool found = colon == std::string::npos
                       ? std::find(toks.begin(), toks.end(), word) != toks.end()
                       : structHasMember(toks, it->substr(0, colon), word);
      if (!found) {
        ++it;
        continue;
      }
      facts.declared[*it] = fs::relative(header, top).string();
      it = open.erase(it);
    }
  }
  return facts;
}

RulePack packForTreeAt(const RulePack &rules, const std::string &root) {
  return packForTree(rules, readTreeApi(root, apiProbes(rules)));
}

}  // namespace kconv
