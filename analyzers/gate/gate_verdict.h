// The gate's policy and the verdict it gives each commit. What fails a
// commit is configurable (flags or a JSON file); by default a build error,
// a failed or crashed test, a splat on the console, and new findings in a
// category the series converts. A category counts as converted when the
// series as a whole removes more of its sites than it adds, or when the
// user names it (--converts): a series converting pgmap-type tests must not
// add new ones half-way, while an unrelated devmap site it adds is shown
// but is not this series' business. A new site the rule pack classifies
// "keep" (details.behaviour: a predicate's definition, registration in
// memremap_pages(), ...) is where a conversion is meant to leave the type
// test, and fails nothing.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/gate_result.h"

namespace kconv {

struct GatePolicy {
  // Reasons that fail a commit: build, tests, splat, findings, checkpatch.
  std::set<std::string> failOn = {"build", "tests", "splat", "findings"};
  std::set<std::string> converts;  // named categories, on top of inferred ones
  bool inferConverted = true;  // also the categories the series removes overall
};

// Known failOn names, for usage errors.
const std::vector<std::string> &policyReasons();

// {"fail_on": ["build", ...], "converts": ["pgmap-type"], "infer_converted": true};
// absent keys keep the defaults. Throws InputError on a bad file.
GatePolicy loadPolicy(const std::string &path);
GatePolicy parsePolicy(const std::string &text, const std::string &source);
nlohmann::json toJson(const GatePolicy &p);

struct Verdict {
  bool pass = true;
  std::vector<std::string> reasons;  // why it fails, one line each
};

// The categories the series converts under `policy`.
std::set<std::string> convertedCategories(const std::vector<CommitResult> &series,
                                          const GatePolicy &policy);

Verdict judge(const CommitResult &r, const GatePolicy &policy,
              const std::set<std::string> &converted);

}  // namespace kconv
