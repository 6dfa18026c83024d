#include "kernel/maintainers.h"

#include "core/regex.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace kconv {

namespace {

// get_maintainer.pl: `m/^([A-Z]):\s*(.*)/` is an entry.
bool parseEntry(const std::string &line, MaintainersEntry &e) {
  if (line.size() < 2 || line[0] < 'A' || line[0] > 'Z' || line[1] != ':') return false;
  size_t v = 2;
  while (v < line.size() && std::isspace(static_cast<unsigned char>(line[v]))) ++v;
  e.type = line[0];
  e.value = line.substr(v);
  return true;
}

bool blankOrComment(const std::string &line) {
  for (char c : line) {
    if (c == '#') return true;
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Titles are upper-case phrases at column 0. A line indented, or a single
// letter followed by a blank or a mistyped colon, is an entry someone got
// wrong: get_maintainer.pl would make it the title of a new section and cut
// the real section in two, losing its later F: lines.
bool looksLikeBrokenEntry(const std::string &line) {
  static const Regex broken(R"(^(\s+\S|[A-Za-z]\s*[;:]|[A-Za-z]\s+\S))");
  return broken.search(line);
}

std::string clipped(const std::string &line) {
  return "'" + (line.size() > 60 ? line.substr(0, 57) + "..." : line) + "'";
}

// What get_maintainer.pl would accept but a maintainer should fix.
void checkEntry(const MaintainersEntry &e, std::vector<MaintainersProblem> &problems) {
  static const std::string known = "MRLSWQBCPTFXNK";
  if (known.find(e.type) == std::string::npos)
    problems.push_back({e.line, std::string("unknown entry type '") + e.type +
                                    ":' (kept, has no meaning)"});
  else if (e.value.empty())
    problems.push_back({e.line, std::string("empty '") + e.type + ":' entry (ignored)"});
  else if ((e.type == 'M' || e.type == 'R') && e.value.find('@') == std::string::npos)
    problems.push_back({e.line, std::string("'") + e.type +
                                    ":' without an e-mail address: " + clipped(e.value)});
}

class Parser {
 public:
  explicit Parser(Maintainers &out) : out_(out) {}

  void line(unsigned n, std::string text) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    MaintainersEntry e;
    if (blankOrComment(text)) {
      afterBlank_ = true;
    } else if (parseEntry(text, e)) {
      e.line = n;
      entry(std::move(e));
    } else {
      other(n, text);
    }
  }

  void finish() {
    if (!out_.sections.empty() && pendingLine_)
      out_.problems.push_back({pendingLine_, "section " + clipped(pending_) +
                                                 " has no entries"});
  }

 private:
  void entry(MaintainersEntry e) {
    if (pendingLine_) {
      out_.sections.push_back({pending_, pendingLine_, {}});
      pendingLine_ = 0;
    } else if (out_.sections.empty()) {
      out_.problems.push_back({e.line, "entry before any section title: section '(untitled)'"});
      out_.sections.push_back({"(untitled)", e.line, {}});
    }
    checkEntry(e, out_.problems);
    out_.sections.back().entries.push_back(std::move(e));
    afterBlank_ = false;
  }

  // A line that is neither blank, comment nor entry: the preamble before
  // the first section, a section title, or a broken entry.
  void other(unsigned n, const std::string &text) {
    bool inSections = !out_.sections.empty();
    if (inSections && looksLikeBrokenEntry(text)) {
      out_.problems.push_back({n, "malformed line ignored: " + clipped(text) +
                                      " (an entry is 'X:', a tab, the value; section " +
                                      clipped(out_.sections.back().title) + " goes on)"});
      return;
    }
    if (inSections && pendingLine_)
      out_.problems.push_back({pendingLine_, "section " + clipped(pending_) +
                                                 " has no entries"});
    else if (inSections && !afterBlank_)
      out_.problems.push_back({n, "section title " + clipped(text) +
                                      " not after a blank line: starts a new section"});
    pending_ = text;
    pendingLine_ = n;
    afterBlank_ = false;
  }

  Maintainers &out_;
  std::string pending_;  // the last title seen, waiting for its entries
  unsigned pendingLine_ = 0;
  bool afterBlank_ = true;
};

}  // namespace

std::vector<std::string> MaintainersSection::values(char type) const {
  std::vector<std::string> out;
  for (const MaintainersEntry &e : entries)
    if (e.type == type) out.push_back(e.value);
  return out;
}

Maintainers parseMaintainers(const std::string &text, const std::string &path) {
  Maintainers m;
  m.path = path;
  Parser parser(m);
  std::istringstream in(text);
  std::string line;
  for (unsigned n = 1; std::getline(in, line); ++n) parser.line(n, line);
  parser.finish();
  std::stable_sort(m.problems.begin(), m.problems.end(),
                   [](const MaintainersProblem &a, const MaintainersProblem &b) {
                     return a.line < b.line;
                   });
  return m;
}

Maintainers loadMaintainers(const std::string &path) {
  Maintainers m = parseMaintainers(readFile(path), path);
  if (m.sections.empty())
    throw InputError(path + ": not a MAINTAINERS file (no 'X:' entries)");
  return m;
}

}  // namespace kconv
