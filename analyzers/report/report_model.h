// What `kconv report` says, before any format: the conversion report (one
// findings set grouped by MAINTAINERS subsystem) and the progress reports
// (a base findings set against later ones). Renderers (Markdown, HTML,
// JSON) only lay this out; every figure is computed once, here.
#pragma once

#include "kernel/maintainers.h"

#include <map>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/scan_result.h"

namespace kconv {


struct Counts {
  unsigned total = 0, verified = 0, unverified = 0;
  void add(const Finding &f) {
    ++total;
    ++(f.verified ? verified : unverified);
  }
};

// One site to convert, as a maintainer's to-do line.
struct WorkItem {
  Location location;
  std::string function;
  std::string rule;
  std::string category;
  std::string classification;  // behaviour / access / kind of the site
  std::string replacement;  // what the rule pack proposes; may be empty
  bool verified = true;
};

struct RuleSummary {
  std::string rule;
  std::string category;
  Counts counts;
};

// A problem in the input that did not stop the report: where and what.
struct InputProblem {
  std::string where;  // "MAINTAINERS:55", "old.json"
  std::string message;
};

struct SubsystemGroup {
  std::string name;  // MAINTAINERS section title, or kNoMaintainersEntry
  unsigned line = 0;  // of the title in MAINTAINERS; 0 for no entry
  std::vector<std::string> maintainers, reviewers, lists, status;  // M: R: L: S:
  std::vector<std::string> broader;  // less specific sections also covering these files
  Counts counts;
  std::map<std::string, Counts> categories;
  std::vector<RuleSummary> rules;  // by rule id
  std::vector<WorkItem> worklist;  // by rule, then file:line:column
};

// A findings file as the report saw it.
struct FindingsSource {
  std::string path;  // as given on the command line
  TreeInfo tree;
  std::string version;  // of the kconv that wrote it
  unsigned translationUnits = 0, parsed = 0, failed = 0;
};

struct ConversionReport {
  FindingsSource source;
  std::string maintainersPath;
  Counts counts;
  std::map<std::string, Counts> categories;
  // Categories whose API the tree no longer has (coverage.api): category ->
  // what the tree's headers or version said. Complete: 0 sites.
  std::map<std::string, std::string> complete;
  std::vector<RuleSummary> rules;
  std::vector<SubsystemGroup> groups;  // most findings first, then by name
};

// How one set of sites changed between two findings sets.
struct Delta {
  unsigned before = 0, after = 0;
  unsigned removed = 0;  // in before only
  unsigned added = 0;  // in after only
  unsigned remaining = 0;  // in both (same fingerprint, or same rule+file+function)
};

struct ProgressRow {
  std::string key;  // category, subsystem or rule id
  std::string category;  // for rule rows
  Delta delta;
};

// A removed or added site with the subsystem it belongs to.
struct ChangedSite {
  WorkItem item;
  std::string subsystem;
};

struct ProgressReport {
  FindingsSource before, after;
  Delta total;
  std::vector<ProgressRow> categories;  // by name
  std::vector<ProgressRow> subsystems;  // largest change first, then by name
  std::vector<ProgressRow> rules;  // by rule id
  std::vector<ChangedSite> removed, added;  // by file:line
};

struct Report {
  ConversionReport conversion;  // of the last findings file
  std::vector<ProgressReport> progress;  // first file -> each later file
  std::vector<InputProblem> problems;
};

}  // namespace kconv
