#include "scan/engine_parts.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "cocci/cocci_sites.h"
#include "core/errors.h"
#include "core/shard_merge.h"
#include "scan/scan_service.h"

namespace kconv {

namespace {

nlohmann::json locationJson(const Location &l) {
  return {{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

Location locationFrom(const JsonReader &j) {
  j.expectObject();
  return {j.string("file"), static_cast<unsigned>(j.integer("line", 0, 0x7fffffff)),
          static_cast<unsigned>(j.integer("column", 0, 0x7fffffff))};
}

std::vector<std::string> stringsFrom(const JsonReader &j) {
  j.expectArray();
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) out.push_back(j[i].asString());
  return out;
}

std::vector<Finding> findingsFrom(const JsonReader &j) {
  j.expectArray();
  std::vector<Finding> out;
  for (size_t i = 0; i < j.size(); ++i) out.push_back(findingFromJson(j[i]));
  return out;
}

nlohmann::json findingsJson(const std::vector<Finding> &findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding &f : findings) out.push_back(toJson(f));
  return out;
}

// A count in a shard's Coccinelle coverage, checked before it is added.
void addCount(nlohmann::json &into, const JsonReader &from, const std::string &key) {
  int64_t more = from.integer(key, 0, 0x7fffffff, 0);
  int64_t have = into.contains(key) && into[key].is_number_integer() ? into[key].get<int64_t>() : 0;
  into[key] = have + more;
}

// Coccinelle's coverage of one shard added to the others': each file was
// one shard's, so files, sites, notes and the untyped counts after each
// typing pass add up; the problem lists are joined and sorted as one run
// sorts them.
void addCocciCoverage(nlohmann::json &total, const JsonReader &shard) {
  shard.expectObject();
  if (total.empty()) {
    total = shard.json();
    return;
  }
  // Which files share a process decides spatch's results: shards of other
  // batch or chunk sizes are not parts of one run.
  for (const char *key : {"files_per_process", "files_per_chunk"})
    if (shard.integer(key, 0, 0x7fffffff, 0) != (total.contains(key) && total[key].is_number_integer()
                                                    ? total[key].get<int64_t>() : 0))
      throw InputError(shard.source() + ": " + key + " differs between the shards (--cocci-batch, --cocci-chunk)");
  JsonReader scripts = shard.at("scripts").expectObject();
  for (auto it = scripts.json().begin(); it != scripts.json().end(); ++it) {
    JsonReader entry = scripts.at(it.key()).expectObject();
    nlohmann::json &into = total["scripts"][it.key()];
    if (into.is_null()) into = entry.json();
    for (const char *key : {"files", "sites", "notes"}) addCount(into, entry, key);
    if (!entry.has("untyped_files_after_each_pass")) continue;
    JsonReader untyped = entry.at("untyped_files_after_each_pass").expectArray();
    nlohmann::json &sum = into["untyped_files_after_each_pass"];
    if (!sum.is_array()) sum = nlohmann::json::array();
    // A shard that stopped early had no untyped file left: 0 from there.
    for (size_t i = 0; i < untyped.size(); ++i) {
      int64_t n = untyped[i].asInteger(0, 0x7fffffff);
      if (i < sum.size()) sum[i] = sum[i].get<int64_t>() + n;
      else sum.push_back(n);
    }
  }
  addCount(total, shard, "records_outside_tree");
  JsonReader problems = shard.at("problems").expectObject();
  for (const char *kind : {"timeout", "crash", "error", "malformed"}) {
    if (!problems.has(kind)) continue;
    JsonReader list = problems.at(kind).expectArray();
    for (size_t i = 0; i < list.size(); ++i) {
      list[i].expectObject();
      total["problems"][kind].push_back(list[i].json());
    }
    std::sort(total["problems"][kind].begin(), total["problems"][kind].end(),
              [](const nlohmann::json &a, const nlohmann::json &b) {
                return std::tie(a["file"], a["script"], a["detail"]) <
                       std::tie(b["file"], b["script"], b["detail"]);
              });
  }
}

}  // namespace

nlohmann::json toJson(const EngineParts &parts, const RulePack &rules) {
  const MergeInput &m = parts.merge;
  nlohmann::json active = nlohmann::json::object();
  for (const auto &[file, lines] : m.clang.activeLines) active[file] = lines;
  nlohmann::json notes = nlohmann::json::array();
  for (const SiteNote &n : m.cocci.notes) {
    nlohmann::json j = locationJson(n.location);
    j.update({{"category", n.category}, {"kind", n.kind}, {"text", n.text}});
    notes.push_back(j);
  }
  nlohmann::json occurrences = nlohmann::json::array();
  for (const SourceOccurrence &o : m.occurrences) {
    nlohmann::json j = locationJson(o.location);
    j.update({{"category", o.category}, {"name", o.name}, {"member", o.member},
              {"context", o.context}, {"macro", o.macro}});
    occurrences.push_back(j);
  }
  nlohmann::json classify = nlohmann::json::array();
  for (const RuleFile &rf : rules.files)
    if (rf.config.contains("classify"))
      classify.push_back({{"path", rf.path},
                          {"category", rf.category},
                          {"classify", rf.config["classify"]},
                          {"default", rf.config.value("default", nlohmann::json::object())}});
  return {{"clang_ran", m.clang.ran},
          {"clang_findings", findingsJson(m.clang.findings)},
          {"clang_files_seen", m.clang.filesSeen},
          {"clang_active_lines", active},
          {"clang_failed_files", m.clang.failedFiles},
          {"cocci_findings", findingsJson(m.cocci.findings)},
          {"cocci_notes", notes},
          {"cocci_problem_files", m.cocci.problemFiles},
          {"cocci_coverage", parts.cocciCoverage},
          {"lexical_occurrences", occurrences},
          {"lexical_stats", parts.lexicalStats},
          {"src_arch", m.srcArch},
          {"other_src_arches", m.otherSrcArches},
          {"unbuilt_arches", m.unbuiltArches},
          {"classify", classify}};
}

EngineParts enginePartsFromJson(const JsonReader &j, RulePack &rules) {
  j.expectObject();
  EngineParts parts;
  MergeInput &m = parts.merge;
  m.clang.ran = j.boolean("clang_ran", false);
  m.clang.findings = findingsFrom(j.at("clang_findings"));
  for (std::string &f : stringsFrom(j.at("clang_files_seen"))) m.clang.filesSeen.insert(f);
  JsonReader active = j.at("clang_active_lines").expectObject();
  for (auto it = active.json().begin(); it != active.json().end(); ++it) {
    JsonReader lines = active.at(it.key()).expectArray();
    for (size_t i = 0; i < lines.size(); ++i)
      m.clang.activeLines[it.key()].insert(static_cast<unsigned>(lines[i].asInteger(0, 0x7fffffff)));
  }
  for (std::string &f : stringsFrom(j.at("clang_failed_files"))) m.clang.failedFiles.insert(f);
  m.cocci.ran = true;
  m.cocci.findings = findingsFrom(j.at("cocci_findings"));
  JsonReader notes = j.at("cocci_notes").expectArray();
  for (size_t i = 0; i < notes.size(); ++i)
    m.cocci.notes.push_back({locationFrom(notes[i]), notes[i].string("category"),
                             notes[i].string("kind"), notes[i].string("text")});
  for (std::string &f : stringsFrom(j.at("cocci_problem_files"))) m.cocci.problemFiles.insert(f);
  parts.cocciCoverage = j.at("cocci_coverage").expectObject().json();
  JsonReader occurrences = j.at("lexical_occurrences").expectArray();
  for (size_t i = 0; i < occurrences.size(); ++i) {
    const JsonReader o = occurrences[i];
    m.occurrences.push_back({locationFrom(o), o.string("category"), o.string("name"),
                             o.boolean("member", false), o.string("context"), o.string("macro", "")});
  }
  parts.lexicalStats = j.at("lexical_stats").expectObject().json();
  m.srcArch = j.string("src_arch");
  for (std::string &a : stringsFrom(j.at("other_src_arches"))) m.otherSrcArches.insert(a);
  JsonReader unbuilt = j.at("unbuilt_arches").expectObject();
  for (auto it = unbuilt.json().begin(); it != unbuilt.json().end(); ++it)
    m.unbuiltArches[it.key()] = unbuilt.string(it.key());
  JsonReader classify = j.at("classify").expectArray();
  rules = RulePack{};
  for (size_t i = 0; i < classify.size(); ++i) {
    const JsonReader c = classify[i].expectObject();
    RuleFile rf;
    rf.path = c.string("path");
    rf.category = c.string("category");
    rf.config = {{"classify", c.at("classify").expectArray().json()},
                 {"default", c.at("default").expectObject().json()}};
    rules.files.push_back(std::move(rf));
  }
  return parts;
}

EngineParts uniteEngineParts(std::vector<EngineParts> shards,
                             const std::vector<std::string> &archOrder) {
  if (shards.empty()) throw InputError("no shards to merge");
  EngineParts out;
  MergeInput &m = out.merge;
  // Global: the same in every shard (the lexical scan is not split).
  m.srcArch = shards[0].merge.srcArch;
  m.otherSrcArches = shards[0].merge.otherSrcArches;
  m.unbuiltArches = shards[0].merge.unbuiltArches;
  m.occurrences = std::move(shards[0].merge.occurrences);
  out.lexicalStats = shards[0].lexicalStats;
  std::map<std::tuple<Location, std::string>, Finding> clang;
  for (EngineParts &p : shards) {
    ClangView &c = p.merge.clang;
    m.clang.ran = m.clang.ran || c.ran;
    for (Finding &f : c.findings) {
      auto [it, fresh] = clang.emplace(std::make_tuple(f.location, f.rule), f);
      if (!fresh) uniteArches(it->second, f, archOrder);
    }
    m.clang.filesSeen.insert(c.filesSeen.begin(), c.filesSeen.end());
    for (auto &[file, lines] : c.activeLines) m.clang.activeLines[file].insert(lines.begin(), lines.end());
    m.clang.failedFiles.insert(c.failedFiles.begin(), c.failedFiles.end());
    CocciView &k = p.merge.cocci;
    m.cocci.findings.insert(m.cocci.findings.end(), k.findings.begin(), k.findings.end());
    m.cocci.notes.insert(m.cocci.notes.end(), k.notes.begin(), k.notes.end());
    m.cocci.problemFiles.insert(k.problemFiles.begin(), k.problemFiles.end());
    addCocciCoverage(out.cocciCoverage,
                     JsonReader(p.cocciCoverage, p.source.empty() ? "shard" : p.source,
                                "coverage.engine_parts.cocci_coverage"));
  }
  m.cocci.ran = true;
  for (auto &[key, f] : clang) m.clang.findings.push_back(std::move(f));
  sortFindings(m.clang.findings);
  // Every shard made the directive sites (from the whole lexical scan):
  // one per position and rule, spatch's first, as one run keeps them.
  dedupeSites(m.cocci.findings);
  sortNotes(m.cocci.notes);
  // A TU that failed on one architecture while another's TUs read the
  // file is no reason to doubt the file (one run decides on all TUs).
  if (!m.otherSrcArches.empty() || !m.unbuiltArches.empty())
    for (auto it = m.clang.failedFiles.begin(); it != m.clang.failedFiles.end();)
      it = m.clang.filesSeen.count(*it) ? m.clang.failedFiles.erase(it) : std::next(it);
  return out;
}

void mergeEngineShards(ScanResult &merged, const std::vector<ShardFile> &shards) {
  std::vector<EngineParts> parts;
  RulePack classify;
  for (const ShardFile &f : shards) {
    JsonReader coverage = JsonReader(f.json, f.path).at("coverage").expectObject();
    if (!coverage.has("engine_parts")) continue;
    parts.push_back(enginePartsFromJson(coverage.at("engine_parts"), classify));
    parts.back().source = f.path;
  }
  if (parts.empty()) return;
  if (parts.size() != shards.size())
    throw InputError("shards of different engines: " + std::to_string(parts.size()) + " of " +
                     std::to_string(shards.size()) + " ran Coccinelle");
  EngineRun run;
  run.coverage = std::move(merged.coverage);
  run.coverage.extra.erase("engine_parts");
  run = mergeEngineParts(std::move(run), uniteEngineParts(std::move(parts), archOrder(merged.tree.arch)));
  merged.findings = std::move(run.findings);
  merged.coverage = std::move(run.coverage);
  finishFindings(merged.findings, classify);
}

}  // namespace kconv
