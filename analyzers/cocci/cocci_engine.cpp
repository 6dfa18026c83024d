#include "cocci/cocci_engine.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "cocci/spatch_runner.h"
#include "core/errors.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What `make coccicheck` reads from a script: its "// Options:" words and
// its virtual rules.
struct Script {
  std::string path;
  std::string text;
  std::vector<std::string> options;
  std::set<std::string> virtuals;
};

Script loadScript(const std::string &path) {
  Script s;
  s.path = path;
  s.text = readText(path);
  std::istringstream in(s.text);
  static const std::regex options(R"(^//\s*Options:(.*)$)");
  static const std::regex virt(R"(^virtual\s+([A-Za-z_][A-Za-z0-9_]*)\s*$)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, options)) {
      std::istringstream words(m[1].str());
      for (std::string w; words >> w;) s.options.push_back(w);
    } else if (std::regex_match(line, m, virt)) {
      s.virtuals.insert(m[1]);
    }
  }
  return s;
}

// Source lines, for the normalised code a fingerprint needs.
class LineCache {
 public:
  explicit LineCache(std::string root) : root_(std::move(root)) {}
  std::string line(const std::string &file, unsigned n) {
    auto it = files_.find(file);
    if (it == files_.end()) {
      std::vector<std::string> lines;
      std::istringstream in(readText((fs::path(root_) / file).string()));
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      it = files_.emplace(file, std::move(lines)).first;
    }
    return n >= 1 && n <= it->second.size() ? it->second[n - 1] : "";
  }

 private:
  std::string root_;
  std::map<std::string, std::vector<std::string>> files_;
};

const nlohmann::json *entryNamed(const RuleFile &rf, const std::string &name) {
  for (const char *list : {"names", "predicates"})
    if (rf.config.contains(list))
      for (const auto &e : rf.config.at(list))
        if (e.value("name", "") == name) return &e;
  return nullptr;
}

std::vector<std::string> splitTypes(const std::string &s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; std::getline(in, t, '|');)
    if (!t.empty()) out.push_back(t);
  return out;
}

// Message and details of a site, in the words the Clang checkers use, from
// the rule file's data.
void describe(const RuleFile &rf, const std::string &name, const std::string &kind,
              const std::map<std::string, std::string> &attrs, Finding &f) {
  if (const nlohmann::json *entry = entryNamed(rf, name)) {
    bool def = kind == "definition";
    bool predicate = rf.config.contains("predicates") && !rf.config.contains("names");
    f.message = (def ? "definition of " : "") + name + (predicate ? "(): " : ": ") +
                entry->value("message", std::string(rf.category));
    f.details = {{"kind", kind}};
    if (entry->contains("types")) f.details["types"] = (*entry)["types"];
    if (!predicate) f.details["name"] = name;
    if (entry->contains("replacement")) f.details["replacement"] = (*entry)["replacement"];
    if (attrs.count("idiom")) f.details["idiom"] = attrs.at("idiom");
    if (attrs.count("with")) f.details["idiom_with"] = attrs.at("with");
    return;
  }
  // A record/field rule: `name` is the access kind.
  std::string what = rf.config.value("record", std::string()) + "::" +
                     rf.config.value("field", std::string());
  std::vector<std::string> types = attrs.count("types") ? splitTypes(attrs.at("types"))
                                                        : std::vector<std::string>{};
  f.message = name + " of " + what;
  if (!types.empty()) {
    std::string list;
    for (const auto &t : types) list += (list.empty() ? "" : ", ") + t;
    f.message += " (" + list + ")";
  }
  f.details = {{"access", name}, {"typing", kind}};
  if (!types.empty()) f.details["types"] = types;
  const nlohmann::json &repl = rf.config.value("replacement", nlohmann::json());
  if (repl.is_object() && repl.contains(name)) f.details["replacement"] = repl[name];
}

std::string relative(const std::string &file, const std::string &root) {
  std::string prefix = root.back() == '/' ? root : root + "/";
  if (file.compare(0, prefix.size(), prefix) == 0) return file.substr(prefix.size());
  return "";
}

struct Collected {
  std::vector<Finding> findings;
  std::vector<SiteNote> notes;
  unsigned outside = 0;  // records about files outside the tree
};

void collect(const RuleFile &rf, const std::vector<CocciRecord> &records,
             const std::string &root, LineCache &lines, Collected &out) {
  for (const CocciRecord &r : records) {
    std::string file = relative(r.file, root);
    if (file.empty()) {
      ++out.outside;
      continue;
    }
    Location loc{file, r.line, r.column + 1};
    size_t dot = r.rule.find('.');
    std::string category = r.rule.substr(0, dot), name = r.rule.substr(dot + 1);
    if (category != rf.category) continue;
    if (name == "explain") {
      out.notes.push_back({loc, category, r.kind, r.text});
      continue;
    }
    Finding f;
    f.rule = r.rule;
    f.category = category;
    f.location = loc;
    f.function = r.function;
    f.engine = "cocci";
    f.verified = false;
    describe(rf, name, r.kind, r.attributes, f);
    f.details["via"] = "spatch";
    f.code = normaliseCode(lines.line(file, r.line));
    out.findings.push_back(std::move(f));
  }
}

// #define NAME, #ifdef NAME, defined(NAME), #if ... NAME ..., and names in
// #define bodies spatch could not parse: the preprocessor sites of the
// identifier rules, from the lexical scan.
void directiveSites(const RulePack &rules, const std::vector<SourceOccurrence> &occurrences,
                    LineCache &lines, Collected &out) {
  for (const SourceOccurrence &o : occurrences) {
    if (o.member) continue;
    std::string kind;
    if (o.context == "define-name") kind = "definition";
    else if (o.context == "condition") kind = "condition";
    else if (o.context == "condition-expr" || o.context == "define-body") kind = "use";
    else continue;
    const RuleFile *rf = rules.forCategory(o.category);
    if (!rf) continue;
    Finding f;
    f.rule = o.category + "." + o.name;
    f.category = o.category;
    f.location = o.location;
    f.engine = "cocci";
    f.verified = false;
    describe(*rf, o.name, kind, {}, f);
    f.details["via"] = "directive";
    if (!o.macro.empty()) f.details["macro_body"] = o.macro;
    f.code = normaliseCode(lines.line(o.location.file, o.location.line));
    out.findings.push_back(std::move(f));
  }
}

// Keeps one finding per (position, rule): spatch's over the lexical one.
void dedupe(std::vector<Finding> &findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
    auto rank = [](const Finding &f) { return f.details.value("via", "") == "spatch" ? 0 : 1; };
    return std::tie(a.location, a.rule) < std::tie(b.location, b.rule) ||
           (std::tie(a.location, a.rule) == std::tie(b.location, b.rule) && rank(a) < rank(b));
  });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding &a, const Finding &b) {
                               return a.location == b.location && a.rule == b.rule;
                             }),
                 findings.end());
}

// Files with an access Coccinelle could not type (an "explain [untyped]"
// record).
std::set<std::string> untypedFiles(const std::vector<CocciRecord> &records) {
  std::set<std::string> out;
  for (const CocciRecord &r : records)
    if (r.kind == "untyped") out.insert(r.file);
  return out;
}

// The include directories spatch reads types from for `file`: its own
// architecture's for a file under arch/, else the scan's, and the
// generated headers of the build directory for the scan's architecture.
std::vector<std::string> includeArgs(const std::string &file, const std::string &root,
                                     const CocciOptions &options) {
  std::string rel = relative(file, root), arch = options.srcArch;
  if (rel.compare(0, 5, "arch/") == 0) arch = rel.substr(5, rel.find('/', 5) - 5);
  std::vector<std::string> dirs = {"arch/" + arch + "/include", "include",
                                   "arch/" + arch + "/include/uapi", "include/uapi"};
  std::vector<std::string> args;
  for (const std::string &d : dirs) args.insert(args.end(), {"-I", root + "/" + d});
  if (arch == options.srcArch)
    for (const std::string &d : options.generatedIncludeDirs) args.insert(args.end(), {"-I", d});
  return args;
}

// Runs a script over `files` the way its Options say (--no-includes: types
// from the file itself, fast), then again over the files where an access
// stayed untyped, with header types: first the headers the file includes
// (--all-includes), then for what is still untyped every header they
// include (--recursive-includes, slow). A file's records are those of its
// last pass that ran without a problem. entry["typing"] counts the files
// still untyped after each pass.
SpatchRun runTyped(const SpatchSettings &base, const std::vector<std::string> &files,
                   const Script &script, const std::string &root,
                   const CocciOptions &options, nlohmann::json &entry) {
  SpatchRun run = runSpatch(base, files);
  std::set<std::string> untyped = untypedFiles(run.records);
  nlohmann::json typing = nlohmann::json::array({untyped.size()});
  bool noIncludes = std::find(script.options.begin(), script.options.end(), "--no-includes") !=
                    script.options.end();
  for (const char *pass : {"--all-includes", "--recursive-includes"}) {
    if (untyped.empty() || !noIncludes || !options.headerTypes) break;
    // Group by include directories (one architecture's, or another's).
    std::map<std::vector<std::string>, std::vector<std::string>> groups;
    for (const std::string &f : untyped) groups[includeArgs(f, root, options)].push_back(f);
    std::map<std::string, std::vector<CocciRecord>> redone;
    std::set<std::string> failed;
    for (const auto &[includes, group] : groups) {
      SpatchSettings s = base;
      s.arguments.erase(std::remove(s.arguments.begin(), s.arguments.end(), "--no-includes"),
                        s.arguments.end());
      s.arguments.insert(s.arguments.end(), {pass, "--include-headers-for-types"});
      s.arguments.insert(s.arguments.end(), includes.begin(), includes.end());
      SpatchRun again = runSpatch(s, group);
      run.processes += again.processes;
      run.batchesRetried += again.batchesRetried;
      for (SpatchProblem p : again.problems) {
        if (p.kind != "malformed") failed.insert(p.file);
        p.detail = std::string(pass) + ": " + p.detail;
        run.problems.push_back(std::move(p));
      }
      for (CocciRecord &r : again.records) redone[r.file].push_back(std::move(r));
      for (const std::string &f : group) redone[f];  // a file may now have no record
    }
    if (failed.count("")) break;  // a whole batch lost: keep what we have
    std::vector<CocciRecord> records;
    for (CocciRecord &r : run.records)
      if (!redone.count(r.file) || failed.count(r.file)) records.push_back(std::move(r));
    std::set<std::string> still;
    for (auto &[file, list] : redone) {
      if (failed.count(file)) {
        still.insert(file);
        continue;
      }
      for (const CocciRecord &r : list) still.insert(r.kind == "untyped" ? r.file : "");
      records.insert(records.end(), list.begin(), list.end());
    }
    still.erase("");
    run.records = std::move(records);
    untyped = std::move(still);
    typing.push_back(untyped.size());
  }
  entry["untyped_files_after_each_pass"] = typing;
  return run;
}

std::string spatchVersion(const std::string &spatch) {
  auto out = captureOutput({spatch, "--version"});
  if (!out) return "";
  std::string first = out->substr(0, out->find('\n'));
  std::smatch m;
  static const std::regex version(R"(version\s+(\S+))");
  return std::regex_search(first, m, version) ? m[1].str() : first;
}

}  // namespace

std::string findSpatch(const std::string &hint) {
  if (!hint.empty() && fs::exists(hint)) return hint;
  std::string found = findProgram(hint.empty() ? "spatch" : hint);
  if (found.empty())
    throw InputError("spatch not found on PATH (the cocci engine needs Coccinelle; "
                     "use --engine clang without it)");
  return found;
}

nlohmann::json scriptNameMismatch(const RuleFile &rf, const std::string &text) {
  // Every name the rule file gives the engines.
  std::set<std::string> rules;
  for (const char *list : {"names", "predicates"})
    if (rf.config.contains(list))
      for (const auto &e : rf.config.at(list)) rules.insert(e.at("name").get<std::string>());
  if (rf.config.contains("idioms"))
    for (const auto &idiom : rf.config.at("idioms"))
      for (const char *side : {"left", "right"})
        for (const auto &n : idiom.value(side, nlohmann::json::array()))
          rules.insert(n.get<std::string>());
  for (const char *list : {"untyped_bases"})
    for (const auto &n : rf.config.value(list, nlohmann::json::array()))
      rules.insert(n.get<std::string>());

  // Every name in the script's `identifier x = {...};` / `!= {...}` sets.
  std::set<std::string> script;
  static const std::regex set(R"(identifier\s+\w+\s*!?=\s*\{([^}]*)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), set);
       it != std::sregex_iterator(); ++it) {
    std::string body = (*it)[1];
    static const std::regex word(R"([A-Za-z_][A-Za-z0-9_]*)");
    for (auto w = std::sregex_iterator(body.begin(), body.end(), word);
         w != std::sregex_iterator(); ++w)
      script.insert(w->str());
  }
  nlohmann::json missing = nlohmann::json::array(), extra = nlohmann::json::array();
  for (const auto &n : rules)
    if (!script.count(n)) missing.push_back(n);
  std::string field = rf.config.value("field", std::string());
  for (const auto &n : script)
    if (!rules.count(n) && n != field) extra.push_back(n);
  // The record and field are written in the patterns themselves.
  if (rf.config.contains("record") &&
      text.find("struct " + rf.config["record"].get<std::string>()) == std::string::npos)
    missing.push_back("struct " + rf.config["record"].get<std::string>());
  if (!field.empty() && text.find("->" + field) == std::string::npos &&
      !script.count(field))
    missing.push_back("->" + field);
  return {{"missing", missing}, {"extra", extra}};
}

CocciResult runCocciEngine(const RulePack &rules, const std::string &treeRoot,
                           const std::vector<SourceOccurrence> &occurrences,
                           const CocciOptions &options) {
  std::string spatch = findSpatch(options.spatch);
  std::string scriptsDir = options.scriptsDir.empty()
                               ? (fs::path(dataDir()) / "semantic-patches").string()
                               : options.scriptsDir;
  std::string root = fs::path(treeRoot).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();

  CocciResult result;
  nlohmann::json &cov = result.coverage;
  cov = {{"spatch", spatch},
         {"spatch_version", spatchVersion(spatch)},
         {"timeout_per_file", options.timeoutPerFile},
         {"scripts", nlohmann::json::object()},
         {"processes", 0},
         {"batches_retried", 0}};
  nlohmann::json problems = {{"timeout", nlohmann::json::array()},
                             {"crash", nlohmann::json::array()},
                             {"error", nlohmann::json::array()},
                             {"malformed", nlohmann::json::array()}};
  LineCache lines(root);
  Collected collected;

  for (const RuleFile &rf : rules.files) {
    fs::path path = fs::path(scriptsDir) / (rf.category + ".cocci");
    nlohmann::json entry = {{"script", path.string()}};
    if (!fs::exists(path)) {
      entry["missing"] = true;
      cov["scripts"][rf.category] = entry;
      continue;
    }
    Script script = loadScript(path.string());
    nlohmann::json mismatch = scriptNameMismatch(rf, script.text);
    if (!mismatch["missing"].empty() || !mismatch["extra"].empty())
      entry["name_mismatch"] = mismatch;

    // The files with a site-like occurrence of this category: code or a
    // #define body (directive sites come from the scan itself).
    std::set<std::string> files;
    for (const SourceOccurrence &o : occurrences)
      if (o.category == rf.category && (o.context == "code" || o.context == "define-body"))
        files.insert((fs::path(root) / o.location.file).string());
    entry["files"] = files.size();

    SpatchSettings settings;
    settings.program = spatch;
    settings.arguments = {"--very-quiet", "--no-show-diff", "-D", "report"};
    if (script.virtuals.count("explain")) settings.arguments.insert(settings.arguments.end(), {"-D", "explain"});
    settings.arguments.insert(settings.arguments.end(), script.options.begin(), script.options.end());
    settings.arguments.insert(settings.arguments.end(), {"--sp-file", path.string()});
    settings.timeoutPerFile = options.timeoutPerFile;
    settings.batchSize = options.batchSize;
    settings.jobs = options.jobs;
    std::string label = "cocci " + rf.category;
    settings.progress = [&](unsigned done, unsigned total) {
      if (options.progress) options.progress(done, total, label);
    };
    SpatchRun run = runTyped(settings, {files.begin(), files.end()}, script, root,
                             options, entry);
    size_t before = collected.findings.size(), notesBefore = collected.notes.size();
    collect(rf, run.records, root, lines, collected);
    entry["sites"] = collected.findings.size() - before;
    entry["notes"] = collected.notes.size() - notesBefore;
    cov["processes"] = cov["processes"].get<unsigned>() + run.processes;
    cov["batches_retried"] = cov["batches_retried"].get<unsigned>() + run.batchesRetried;
    for (const SpatchProblem &p : run.problems) {
      std::string file = relative(p.file, root);
      if (file.empty()) file = p.file;
      nlohmann::json item = {{"script", rf.category + ".cocci"}, {"file", file}, {"detail", p.detail}};
      problems[p.kind].push_back(item);
    }
    cov["scripts"][rf.category] = entry;
  }
  directiveSites(rules, occurrences, lines, collected);
  dedupe(collected.findings);
  sortFindings(collected.findings);
  std::sort(collected.notes.begin(), collected.notes.end(),
            [](const SiteNote &a, const SiteNote &b) { return a.location < b.location; });

  for (auto &[kind, list] : problems.items())
    std::sort(list.begin(), list.end(), [](const nlohmann::json &a, const nlohmann::json &b) {
      return std::tie(a["file"], a["script"], a["detail"]) <
             std::tie(b["file"], b["script"], b["detail"]);
    });
  cov["problems"] = problems;
  cov["records_outside_tree"] = collected.outside;
  result.findings = std::move(collected.findings);
  result.notes = std::move(collected.notes);
  return result;
}

}  // namespace kconv
