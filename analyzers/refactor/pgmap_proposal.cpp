#include "refactor/pgmap_proposal.h"

#include <map>
#include <set>
#include <sstream>

#include "core/atomic_file.h"
#include "core/classifier.h"
#include "refactor/cover_letter.h"
#include "refactor/flag_intro.h"
#include "refactor/inventory.h"
#include "kernel/maintainers_matcher.h"
#include "refactor/pgmap_flags_series.h"
#include "refactor/rescan.h"
#include "refactor/series_checks.h"
#include "git/scratch_checkout.h"
#include "git/tree_diff.h"

namespace kconv::refactor {

namespace {

std::string siteWhere(const Finding &f) {
  return f.location.file + ":" + std::to_string(f.location.line) +
         (f.function.empty() ? "" : " " + f.function + "()");
}

nlohmann::json worklist(const std::vector<Refusal> &refused) {
  nlohmann::json out = nlohmann::json::array();
  for (const Refusal &r : refused) {
    nlohmann::json j = toJson(r.site->finding);
    j["why_not_converted"] = r.reason;
    out.push_back(j);
  }
  return out;
}

void saveInventory(const Workspace &ws, const std::string &name, const Inventory &inv,
                   const PgmapRules &rules) {
  nlohmann::json j = inventoryJson(inv, rules);
  j["tree"] = {{"path", ws.tree.root}, {"kernel", ws.tree.version}, {"arch", ws.tree.arch},
               {"config", ws.build.configName}, {"commit", ws.base.id}};
  std::string path = name == "before" && !ws.options->inventory.empty()
                         ? ws.options->inventory
                         : ws.outDir + "/inventory-" + name + ".json";
  writeFileAtomically(path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  writeFileAtomically(ws.outDir + "/inventory-" + name + ".txt", inventoryText(inv, rules));
}

// The files the whole series changed.
std::vector<std::string> changedBySeries(const Workspace &ws, const SeriesOutcome &s) {
  std::vector<std::string> out;
  for (const git::FileChange &c :
       git::changedFiles(*ws.repo, ws.base.tree, s.written.trees.back()))
    out.push_back(c.path);
  return out;
}

// After the series: the base findings with the changed files scanned again.
Inventory afterSeries(Workspace &ws, const SeriesOutcome &s, std::vector<std::string> &unscanned) {
  git::ScratchCheckout(*ws.repo, checkoutDir(ws)).moveTo(s.written.trees.back());
  ws.status("scanning the files the series changed, at its last commit");
  Rescan r = rescanChanged(ws.scan.findings, changedBySeries(ws, s), ws.build.commands,
                           ws.tree.root, checkoutDir(ws), includerIndex(ws), ws.rules,
                           ws.options->jobs, "");
  unscanned = r.unscanned;
  classifyFindings(r.findings, ws.rules);
  return buildInventory(r.findings);
}

std::string keptSection(const Inventory &inv) {
  std::map<std::string, std::vector<const Site *>> byReason;
  for (const Site *s : inv.of("keep")) byReason[s->reason].push_back(s);
  std::ostringstream out;
  out << "Kept (" << inv.of("keep").size() << " sites need the type itself):\n";
  for (const auto &[reason, sites] : byReason) {
    out << "\n" << wrapText(std::to_string(sites.size()) + " - " + reason, "  ", "    ", 72);
    std::set<std::string> files;
    for (const Site *s : sites) files.insert(s->finding.location.file);
    std::string list;
    for (const std::string &f : files) list += (list.empty() ? "" : ", ") + f;
    out << wrapText("in " + list, "    ", "    ", 72);
  }
  return out.str();
}

std::string convertedSection(const PgmapSeries &series) {
  std::map<unsigned, std::vector<const PlannedRewrite *>> byBit;
  for (const auto &[file, fr] : series.rewrites.files)
    for (const PlannedRewrite *r : fr.applied) byBit[r->behaviour->bit].push_back(r);
  std::ostringstream out;
  out << "Converted:\n";
  for (const auto &[bit, rewrites] : byBit) {
    const Behaviour &b = *rewrites.front()->behaviour;
    unsigned sites = 0;
    std::set<std::string> files;
    for (const PlannedRewrite *r : rewrites) {
      sites += static_cast<unsigned>(r->sites.size());
      files.insert(r->file);
    }
    std::string list;
    for (const std::string &f : files) list += (list.empty() ? "" : ", ") + f;
    out << "\n"
        << wrapText(b.flag + " (" + typeNames(b.types) + "): " + std::to_string(sites) +
                        " sites, " + std::to_string(rewrites.size()) + " rewrites in " + list,
                    "  ", "    ", 72);
  }
  return out.str();
}

std::string coverBody(const Workspace &ws, const PgmapRules &rules, const Inventory &before,
                      const PgmapSeries &series, const Inventory *after,
                      const nlohmann::json &text) {
  std::ostringstream out;
  for (const std::string &p : text.value("motivation", std::vector<std::string>{}))
    out << wrapText(p, "", "", 72) << "\n";
  out << wrapText("Patch 1 adds one flag per behaviour and sets the flags from the memory "
                  "type in one place, when memremap_pages() registers the pgmap, so every "
                  "patch preserves behaviour and the series bisects. Each following patch "
                  "converts one subsystem's type tests (one MAINTAINERS entry each) with the "
                  "semantic patches in kconv's semantic-patches/. No flag was merged upstream "
                  "for this (only PGMAP_ALTMAP_VALID exists): this is new work to review.",
                  "", "", 72)
      << "\n";
  out << "Inventory of pgmap-type sites before the series (kconv scan, Linux "
      << ws.tree.version << " " << ws.tree.arch << ", " << ws.build.configName
      << " configuration), by behaviour and memory type:\n\n"
      << inventoryTable(before, rules) << "\n";
  out << convertedSection(series) << "\n" << keptSection(before) << "\n";
  if (!series.refused.empty()) {
    out << "Not converted (" << series.refused.size() << " sites, see worklist.json):\n";
    for (const Refusal &r : series.refused)
      out << wrapText(siteWhere(r.site->finding) + ": " + r.reason, "  ", "    ", 72);
    out << "\n";
  }
  if (after) {
    unsigned other = static_cast<unsigned>(after->sites.size() - after->of("keep").size());
    out << wrapText("After the series the scan finds " + std::to_string(after->sites.size()) +
                        " pgmap-type sites: " + std::to_string(after->of("keep").size()) +
                        " keep, " + std::to_string(other) + " other.",
                    "", "", 72)
        << "\n";
  }
  return out.str();
}

}  // namespace

int proposePgmapFlags(Workspace &ws) {
  PgmapRules rules = loadPgmapRules(ws.rules);
  Inventory before = buildInventory(ws.scan.findings);
  ws.out() << "pgmap-type sites in " << ws.tree.root << " (" << ws.tree.version << ", "
           << ws.scan.coverage.parsed << " TUs parsed, " << ws.scan.coverage.failed
           << " failed), by behaviour and memory type:\n\n"
           << inventoryTable(before, rules);
  saveInventory(ws, "before", before, rules);

  const RuleFile *file = ws.rules.forCategory("pgmap-type");
  PgmapSeriesInput in;
  in.inventory = &before;
  in.rules = &rules;
  in.readBase = [&ws](const std::string &p) { return ws.readBase(p); };
  in.subsystemOf = subsystemOf(ws.readBase("MAINTAINERS").value_or(""), ws.tree.root);
  in.semanticPatchDir = dataDir() + "/semantic-patches";
  in.workDir = ws.workDir + "/spatch";
  in.text = file->config.value("series", nlohmann::json::object());
  ws.status("rewriting the type tests with the semantic patches");
  PgmapSeries series = planPgmapSeries(in);
  writeFileAtomically(ws.outDir + "/worklist.json", worklist(series.refused).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");

  ws.out() << "\n" << convertedSection(series);
  if (!series.refused.empty()) {
    ws.out() << "\nnot converted (" << series.refused.size() << ", worklist.json):\n";
    for (const Refusal &r : series.refused)
      ws.out() << "  " << siteWhere(r.site->finding) << ": " << r.reason << "\n";
  }
  if (series.commits.empty()) {
    ws.out() << "\nnothing to convert: no branch written\n";
    return 0;
  }
  SeriesOutcome outcome = writeAndCheck(ws, series.commits);

  std::unique_ptr<Inventory> after;
  unsigned residual = 0;
  if (outcome.checked) {
    std::vector<std::string> unscanned;
    after = std::make_unique<Inventory>(afterSeries(ws, outcome, unscanned));
    saveInventory(ws, "after", *after, rules);
    ws.out() << "\npgmap-type sites after the series:\n\n" << inventoryTable(*after, rules);
    for (const Site &s : after->sites)
      if (s.behaviour != "keep") {
        ++residual;
        ws.out() << "  remains: " << siteWhere(s.finding) << " " << s.finding.rule << " ("
                 << s.behaviour << ")\n";
      }
    for (const std::string &f : unscanned)
      ws.out() << "  not re-scanned (no TU of the configuration reads it): " << f << "\n";
  }
  std::string mail = coverLetter(ws, outcome, in.text.value("cover_subject", std::string("pgmap flags")),
                                 coverBody(ws, rules, before, series, after.get(), in.text));
  saveCoverLetter(ws, mail);
  ws.out() << "\ncover letter, patches, inventories, checks and worklist: " << ws.outDir << "\n";

  bool ok = outcome.failedUnits() == 0 && outcome.newWarnings() == 0 &&
            outcome.checkpatchErrors() == 0 && residual == 0;
  return ok ? 0 : 1;
}

}  // namespace kconv::refactor
