#include "qemu/ktap_parser.h"

#include "core/regex.h"

#include <sstream>

namespace kconv {

namespace {

const Regex kResult(R"(^(ok|not ok)\s+(\d+)(?:\s+-)?(?:\s+(.*?))?\s*$)");
const Regex kPlan(R"(^1\.\.(\d+)\b.*$)");
const Regex kHeader(R"(^K?TAP version \d+\s*$)");
const Regex kSubtest(R"(^#\s*Subtest:\s*(.*?)\s*$)");
const Regex kPrintkTime(R"(^\[\s*\d+\.\d+\] ?)");

// One indentation level of the document being read: the results seen at
// that depth, diagnostics waiting for their result line, the plan.
struct Level {
  size_t indent = 0;
  std::vector<TestResult> results;
  std::vector<std::string> pendingLog;
  long plan = -1;
  std::string subtestName;
};

size_t indentOf(const std::string &line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t'))
    n += line[n] == '\t' ? 8 : 1;
  return n;
}

std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// "name # SKIP reason" -> name, directive.
void splitDirective(const std::string &rest, std::string &name,
                    std::string &directive) {
  size_t hash = rest.find(" # ");
  if (hash == std::string::npos && rest.rfind("# ", 0) == 0) hash = 0;
  if (hash == std::string::npos) {
    name = trim(rest);
    return;
  }
  name = trim(rest.substr(0, hash));
  directive = trim(rest.substr(hash + (hash == 0 ? 2 : 3)));
}

bool startsWithWord(const std::string &text, const char *word) {
  std::string upper;
  for (char c : text.substr(0, std::string(word).size()))
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == word;
}

TestResult makeResult(const Regex::Match &m) {
  TestResult r;
  splitDirective(m.matched(3) ? m.str(3) : "", r.name, r.directive);
  if (r.name.empty()) r.name = "test " + m.str(2);
  bool ok = m[1] == "ok";
  if (startsWithWord(r.directive, "SKIP") || startsWithWord(r.directive, "TODO"))
    r.status = TestStatus::Skipped;
  else
    r.status = ok ? TestStatus::Passed : TestStatus::Failed;
  return r;
}

class Parser {
 public:
  TapDocument run(const std::vector<std::string> &lines) {
    // The document's own level: results at indent 0 are its top-level
    // tests, even when the first lines seen are a deeper suite's.
    stack_.push_back({});
    for (const std::string &raw : lines) feed(raw);
    while (stack_.size() > 1) closeUnfinished();
    checkPlan(stack_.back());
    doc_.tests = std::move(stack_.back().results);
    return std::move(doc_);
  }

 private:
  void feed(const std::string &raw) {
    std::string text = trim(raw);
    if (text.empty()) return;
    size_t indent = indentOf(raw);
    Regex::Match m;
    if (kResult.fullMatch(text, &m)) {
      result(indent, makeResult(m));
    } else if (kPlan.fullMatch(text, &m)) {
      level(indent).plan = std::stol(m[1]);
    } else if (kHeader.fullMatch(text)) {
      level(indent);
    } else if (text[0] == '#') {
      Level &l = level(indent);
      if (kSubtest.fullMatch(text, &m))
        l.subtestName = m[1];
      else
        l.pendingLog.push_back(text);
    } else {
      // Not TAP: the rest of a multi-line KUnit message, a program's
      // stderr, a kernel message printed during the test. Like kunit.py,
      // keep it in the log of the test that is running.
      stack_.back().pendingLog.push_back(text);
    }
  }

  // The level for `indent`, opened if deeper than any open one. Only
  // result lines close levels: a diagnostic or plan at a shallower indent
  // with no level of its own goes to the innermost level.
  Level &level(size_t indent) {
    if (stack_.empty() || stack_.back().indent < indent) {
      stack_.push_back({});
      stack_.back().indent = indent;
      return stack_.back();
    }
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
      if (it->indent == indent) return *it;
    return stack_.back();
  }

  void result(size_t indent, TestResult r) {
    std::vector<std::string> carried;
    while (!stack_.empty() && stack_.back().indent > indent) {
      Level deeper = std::move(stack_.back());
      stack_.pop_back();
      checkPlan(deeper);
      for (TestResult &sub : deeper.results) r.subtests.push_back(std::move(sub));
      carried.insert(carried.end(), deeper.pendingLog.begin(), deeper.pendingLog.end());
    }
    Level &l = level(indent);
    r.log = std::move(l.pendingLog);
    l.pendingLog.clear();
    r.log.insert(r.log.end(), carried.begin(), carried.end());
    // A parent that passed but has a failed or crashed child did not pass.
    for (const TestResult &sub : r.subtests)
      if (r.status == TestStatus::Passed &&
          (sub.status == TestStatus::Failed || sub.status == TestStatus::Crashed))
        r.status = TestStatus::Failed;
    l.results.push_back(std::move(r));
  }

  void checkPlan(Level &l) {
    if (l.plan < 0 || static_cast<long>(l.results.size()) >= l.plan) return;
    doc_.errors.push_back("expected " + std::to_string(l.plan) + " tests" +
                          (l.subtestName.empty() ? "" : " in " + l.subtestName) +
                          ", got " + std::to_string(l.results.size()));
    for (long i = static_cast<long>(l.results.size()) + 1; i <= l.plan; ++i) {
      TestResult missing;
      missing.name = "test " + std::to_string(i) + " (no result)";
      missing.status = TestStatus::Crashed;
      l.results.push_back(std::move(missing));
    }
  }

  // The input ended inside a subtest: its parent result never came.
  void closeUnfinished() {
    Level deeper = std::move(stack_.back());
    stack_.pop_back();
    checkPlan(deeper);
    TestResult parent;
    parent.name = deeper.subtestName.empty() ? "(unnamed subtest)" : deeper.subtestName;
    parent.status = TestStatus::Crashed;
    parent.log = std::move(deeper.pendingLog);
    parent.subtests = std::move(deeper.results);
    doc_.errors.push_back("run stopped inside " + parent.name);
    stack_.back().results.push_back(std::move(parent));
  }

  std::vector<Level> stack_;
  TapDocument doc_;
};

void flattenInto(const TestResult &r, const std::string &prefix,
                 std::vector<FlatResult> &out) {
  std::string name = prefix.empty() ? r.name : prefix + "." + r.name;
  if (r.subtests.empty()) {
    out.push_back({name, r.status, r.directive, r.log});
    return;
  }
  for (const TestResult &sub : r.subtests) flattenInto(sub, name, out);
}

}  // namespace

const char *statusName(TestStatus status) {
  switch (status) {
    case TestStatus::Passed: return "passed";
    case TestStatus::Failed: return "failed";
    case TestStatus::Skipped: return "skipped";
    case TestStatus::Crashed: return "crashed";
  }
  return "unknown";
}

TapDocument parseTap(const std::vector<std::string> &lines) {
  return Parser().run(lines);
}

std::vector<std::string> extractTapLines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  bool started = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    line = kPrintkTime.eraseFirst(line);
    if (!started && kHeader.fullMatch(trim(line))) started = true;
    if (started) out.push_back(line);
  }
  return out;
}

std::vector<FlatResult> flatten(const TapDocument &doc) {
  std::vector<FlatResult> out;
  for (const TestResult &r : doc.tests) flattenInto(r, "", out);
  return out;
}

}  // namespace kconv
