// Reads what spatch prints when it runs a kconv semantic patch in report
// mode. Every stdout line is either a site,
//   FILE:LINE:COL-COLEND: RULE [KIND,key=value,...] in FUNCTION(): TEXT
// (" in FUNCTION()" absent outside functions; COL is 0-based as Coccinelle
// counts), or a problem that is counted and named, never fatal: a line in
// no known shape (malformed), a file spatch gave up on (timeout), an
// exception on a file (error), a crash of the whole process (crash).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kconv {

struct CocciRecord {
  std::string file;  // as spatch printed it
  unsigned line = 0;  // 1-based
  unsigned column = 0;  // 0-based (Coccinelle)
  unsigned columnEnd = 0;
  std::string rule;  // "devmap.pmd_devmap"
  std::string kind;  // "use", "definition", "typed", "other" ...
  std::map<std::string, std::string> attributes;  // "idiom" -> "..."
  std::string function;  // empty outside a function
  std::string text;
};

struct SpatchProblem {
  std::string kind;  // "malformed" | "timeout" | "error" | "crash"
  std::string file;  // the input file when known, else empty
  std::string detail;  // the offending line or message
};

// How the process ended.
struct SpatchExit {
  int exitCode = 0;  // -1: killed by a signal or could not run
  bool timedOut = false;  // killed by kconv's own time limit
  std::string error;  // the runner's message when exitCode is -1
};

struct SpatchOutput {
  std::vector<CocciRecord> records;
  std::vector<SpatchProblem> problems;
};

std::optional<CocciRecord> parseReportLine(const std::string &line);

// `files` are the inputs of the run: a crash or a fatal error of a
// one-file run is that file's.
SpatchOutput parseSpatchOutput(const std::string &out, const std::string &err,
                               const SpatchExit &exit,
                               const std::vector<std::string> &files);

}  // namespace kconv
