// Checks that every commit of a generated series compiles: each translation
// unit a commit touches, and each that includes a header it touches, is
// compiled with its exact command from the scan configuration's compile
// database (as a syntax check), against the commit's tree materialised in a
// scratch checkout. Warnings in the touched files are compared with the
// parent commit's, so a commit is charged only with warnings it adds.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "git/repository.h"
#include "kernel/compile_db.h"
#include "clang/includer_index.h"
#include "refactor/series.h"

namespace kconv::refactor {

struct CompileCheckOptions {
  unsigned jobs = 1;
  // Compile only the includers under these tree paths (the TUs a commit
  // touches always); empty: every includer.
  std::vector<std::string> includerPaths;
  // A header whose change scan/confined_headers proves cannot reach
  // beyond its own changed items (function bodies, fresh functions and
  // macros; directives otherwise the same) is compiled through one includer
  // per preprocessor context, not through every includer (docs/propose.md).
  bool proveHeaders = true;
  // TUs (tree-relative) the scan could not parse: a TU that fails at the
  // parent says nothing about a header, so none stands for a context
  // while another includer of that context can.
  std::set<std::string> poorWitnesses;
  std::string cacheDir;  // results per (command, tree); empty: no cache
  std::string checkoutDir;  // the scratch checkout
  std::string salt;  // what else the result depends on (the build directory)
  std::function<void(const std::string &)> status;
  std::function<void(unsigned done, unsigned total, const std::string &file)> progress;
};

struct UnitCheck {
  std::string file;  // tree-relative source
  std::string why;  // "touched" or "includes <header>"
  bool ok = false;
  bool cached = false;
  std::string error;  // first error, "file:line: message"
  // It fails at the parent commit as well: not this commit's doing (a TU
  // the configuration's compiler cannot parse alone, say).
  bool failsAtParent = false;
  std::vector<std::string> newWarnings;  // in touched files, not at the parent
};

struct CommitCheck {
  std::string commit, subject;
  std::vector<std::string> touched;
  std::vector<UnitCheck> units;
  std::vector<std::string> notBuilt;  // touched .c files this configuration does not build
  unsigned includersSkipped = 0;  // outside includerPaths
  // Headers whose change was proven confined: header -> {includers, contexts compiled}.
  std::map<std::string, std::pair<unsigned, unsigned>> provenHeaders;
  std::map<std::string, std::string> unprovenHeaders;  // header -> why every includer
  unsigned failed() const;  // failures this commit introduced
  unsigned failedBefore() const;  // failures its parent has too
  unsigned newWarnings() const;
};

std::vector<CommitCheck> checkSeriesCompiles(const git::Repository &repo,
                                             const WrittenSeries &series,
                                             const std::vector<std::string> &subjects,
                                             const std::vector<CompileCommand> &db,
                                             const std::string &treeRoot,
                                             const IncluderIndex &index,
                                             const CompileCheckOptions &options);

nlohmann::json toJson(const CommitCheck &c);
// "compiled 12 TUs (2 touched, 10 include a touched header): 12 ok ..."
std::string summary(const CommitCheck &c);

}  // namespace kconv::refactor
