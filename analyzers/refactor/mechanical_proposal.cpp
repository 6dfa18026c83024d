#include "refactor/mechanical_proposal.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "git/line_map.h"
#include "git/scratch_checkout.h"
#include "git/tree_diff.h"
#include "refactor/cover_letter.h"
#include "refactor/flag_intro.h"
#include "kernel/maintainers_matcher.h"
#include "refactor/rescan.h"
#include "refactor/series_checks.h"
#include "refactor/identifiers.h"
#include "cocci/spatch_runner.h"
#include "refactor/subject_prefix.h"

namespace kconv::refactor {

namespace {

struct Outcome {
  std::vector<const Finding *> converted;
  std::vector<std::pair<const Finding *, std::string>> worklist;  // site, why
  std::map<std::string, std::string> contents;  // converted files
};

std::string paragraphs(const nlohmann::json &list) {
  std::string out;
  for (const std::string &p : list.get<std::vector<std::string>>())
    out += (out.empty() ? "" : "\n") + wrapText(p, "", "", 72);
  return out;
}

bool isCandidate(const Finding &f, const nlohmann::json &spec) {
  std::string value = f.details.value(spec.at("detail").get<std::string>(), "");
  for (const auto &v : spec.at("values"))
    if (v == value) return true;
  return false;
}

std::string token(const Finding &f) { return f.rule.substr(f.rule.find('.') + 1); }

// Runs the semantic patch on every file with candidates; a site is
// converted when its line changed, and (devmap) its file lost exactly that
// many of its tokens, else the whole file is left alone.
Outcome convert(const Workspace &ws, const std::vector<const Finding *> &sites,
                const nlohmann::json &cfg, const std::string &category) {
  Outcome out;
  std::map<std::string, std::vector<const Finding *>> byFile;
  for (const Finding *f : sites) {
    if (!isCandidate(*f, cfg.at("candidates"))) {
      out.worklist.push_back({f, f->details.value("replacement", "convert by hand")});
      continue;
    }
    byFile[f->location.file].push_back(f);
  }
  std::map<std::string, std::string> inputs;
  std::vector<Location> positions;
  for (const auto &[file, fs] : byFile) {
    auto text = ws.readBase(file);
    if (!text) continue;
    inputs[file] = *text;
    for (const Finding *f : fs) positions.push_back(f->location);
  }
  std::string cocci = dataDir() + "/semantic-patches/" + cfg.at("semantic_patch").get<std::string>();
  SpatchRewrite sp = inputs.empty() ? SpatchRewrite{true, {}, ""}
                                   : runSpatchRewrite(cocci, inputs, positions, ws.workDir + "/spatch-" + category);
  if (!sp.ok) throw InputError(sp.error);
  for (const auto &[file, fs] : byFile) {
    const std::string &before = inputs[file];
    const std::string &after = sp.contents.count(file) ? sp.contents.at(file) : before;
    git::LineMap lm(before, after);
    std::vector<const Finding *> done;
    std::map<std::string, unsigned> expected;
    for (const Finding *f : fs) {
      if (!lm.map(f->location.line)) {
        done.push_back(f);
        ++expected[token(*f)];
      } else {
        out.worklist.push_back({f, "the semantic patch cannot prove this one safe: " +
                                       f->details.value("replacement", std::string("convert by hand"))});
      }
    }
    bool exact = true;
    if (cfg.value("token_from_rule", false))
      for (const auto &[t, n] : expected)
        exact = exact && countIdentifier(before, t) == countIdentifier(after, t) + n;
    if (!exact) {
      for (const Finding *f : done)
        out.worklist.push_back({f, "the semantic patch changed other sites of this file; convert by hand"});
      continue;
    }
    out.converted.insert(out.converted.end(), done.begin(), done.end());
    if (!done.empty()) out.contents[file] = after;
  }
  return out;
}

std::string listBody(const std::vector<const Finding *> &sites) {
  std::map<std::string, std::vector<std::string>> byFile;
  for (const Finding *f : sites) {
    auto &v = byFile[f->location.file];
    std::string fn = f->function.empty() ? "file scope" : f->function + "()";
    if (std::find(v.begin(), v.end(), fn) == v.end()) v.push_back(fn);
  }
  std::string out;
  for (const auto &[file, fns] : byFile) {
    std::string list;
    for (const std::string &fn : fns) list += (list.empty() ? "" : ", ") + fn;
    out += wrapText(file + ": " + list, "  ", "    ", 72);
  }
  return out;
}

std::vector<PlannedCommit> planCommits(const Workspace &ws, const Outcome &o,
                                       const nlohmann::json &cfg, const std::string &category) {
  std::vector<PlannedCommit> commits;
  std::map<std::string, std::string> contents = o.contents;
  if (cfg.contains("helpers")) {
    const nlohmann::json &h = cfg["helpers"];
    std::string file = h.at("file");
    auto insert = [&](std::string text) {
      size_t at = text.find(h.at("after").get<std::string>());
      if (at == std::string::npos)
        throw InputError(file + ": cannot place the helpers: anchor not found");
      text.insert(at + h.at("after").get<std::string>().size(), h.at("text").get<std::string>());
      return text;
    };
    PlannedCommit intro;
    intro.subject = h.at("subject");
    intro.body = paragraphs(h.at("why"));
    intro.edits[file] = insert(ws.readBase(file).value_or(""));
    commits.push_back(intro);
    if (contents.count(file)) contents[file] = insert(contents[file]);
  }
  SubsystemOf subsystem = subsystemOf(ws.readBase("MAINTAINERS").value_or(""), ws.tree.root);
  std::map<std::string, std::vector<std::string>> filesOf;
  std::map<std::string, std::vector<const Finding *>> sitesOf;
  for (const Finding *f : o.converted) {
    std::string title = subsystem(f->location.file);
    auto &files = filesOf[title];
    if (std::find(files.begin(), files.end(), f->location.file) == files.end())
      files.push_back(f->location.file);
    sitesOf[title].push_back(f);
  }
  std::vector<std::string> order;
  for (const auto &[title, fs] : filesOf) order.push_back(title);
  std::stable_sort(order.begin(), order.end(), [&](const std::string &a, const std::string &b) {
    return sitesOf[a].size() > sitesOf[b].size();
  });
  for (const std::string &title : order) {
    PlannedCommit c;
    c.subsystem = title;
    c.subject = subjectPrefix(filesOf[title]) + ": " + cfg.at("subject").get<std::string>();
    c.body = paragraphs(cfg.at("why")) + "\n" + listBody(sitesOf[title]) + "\n" +
             wrapText("Converted with semantic-patches/" + cfg.at("semantic_patch").get<std::string>() +
                          " (kconv propose --refactor " + category + ").",
                      "", "", 72);
    for (const std::string &f : filesOf[title]) c.edits[f] = contents.at(f);
    commits.push_back(std::move(c));
  }
  makeSubjectsDistinct(commits);
  return commits;
}

nlohmann::json worklistJson(const Outcome &o) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto &[f, why] : o.worklist) {
    nlohmann::json j = toJson(*f);
    j["todo"] = why;
    out.push_back(j);
  }
  return out;
}

std::string worklistText(const Outcome &o) {
  std::map<std::string, std::vector<std::string>> byFile;
  for (const auto &[f, why] : o.worklist)
    byFile[f->location.file].push_back(
        std::to_string(f->location.line) + ":" + std::to_string(f->location.column) + " " +
        (f->function.empty() ? "" : f->function + "(): ") + token(*f) + " - " + why);
  std::ostringstream out;
  for (const auto &[file, items] : byFile) {
    out << file << " (" << items.size() << ")\n";
    for (const std::string &i : items) out << "  " << i << "\n";
  }
  return out.str();
}

unsigned countCategory(const std::vector<Finding> &fs, const std::string &category) {
  return static_cast<unsigned>(std::count_if(fs.begin(), fs.end(), [&](const Finding &f) {
    return f.category == category;
  }));
}

}  // namespace

int proposeMechanical(Workspace &ws, const std::string &category) {
  const RuleFile *rf = ws.rules.forCategory(category);
  if (!rf || !rf->config.contains("refactor"))
    throw InputError("rule pack has no \"refactor\" section for " + category);
  const nlohmann::json &cfg = rf->config["refactor"];
  std::vector<const Finding *> sites;
  for (const Finding &f : ws.scan.findings)
    if (f.category == category) sites.push_back(&f);
  ws.status("rewriting the provably safe " + category + " sites");
  Outcome o = convert(ws, sites, cfg, category);
  writeFileAtomically(ws.outDir + "/worklist.json", worklistJson(o).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  writeFileAtomically(ws.outDir + "/worklist.txt", worklistText(o));
  ws.out() << category << " sites in " << ws.tree.root << " (" << ws.tree.version << ", "
           << ws.scan.coverage.parsed << " TUs parsed): " << sites.size() << "\n"
           << "converted by semantic-patches/" << cfg.at("semantic_patch").get<std::string>()
           << ": " << o.converted.size() << " sites in " << o.contents.size() << " files\n"
           << "worklist (by hand): " << o.worklist.size() << " sites, " << ws.outDir
           << "/worklist.txt\n"
           << wrapText("provably safe: " + cfg.value("safe", std::string()), "", "  ", 100);
  if (o.converted.empty()) {
    ws.out() << "nothing to convert mechanically: no branch written\n";
    return 0;
  }
  std::vector<PlannedCommit> commits = planCommits(ws, o, cfg, category);
  SeriesOutcome s = writeAndCheck(ws, commits);

  std::string afterLine;
  if (s.checked) {
    git::ScratchCheckout(*ws.repo, checkoutDir(ws)).moveTo(s.written.trees.back());
    std::vector<std::string> changed;
    for (const git::FileChange &c : git::changedFiles(*ws.repo, ws.base.tree, s.written.trees.back()))
      changed.push_back(c.path);
    Rescan r = rescanChanged(ws.scan.findings, changed, ws.build.commands, ws.tree.root,
                             checkoutDir(ws), includerIndex(ws), ws.rules, ws.options->jobs, "");
    afterLine = category + " findings: " + std::to_string(sites.size()) + " before the series, " +
                std::to_string(countCategory(r.findings, category)) + " after.";
    ws.out() << "\n" << afterLine << "\n";
  }
  std::ostringstream body;
  body << paragraphs(cfg.at("why")) << "\n"
       << wrapText("kconv found " + std::to_string(sites.size()) + " " + category +
                       " sites (clang scan, Linux " + ws.tree.version + " " + ws.tree.arch + ", " +
                       ws.build.configName + " configuration). This series converts the " +
                       std::to_string(o.converted.size()) + " that are provably safe to rewrite (" +
                       cfg.value("safe", std::string()) + "); the other " +
                       std::to_string(o.worklist.size()) + " are in the worklist, per site.",
                   "", "", 72)
       << (afterLine.empty() ? "" : "\n" + wrapText(afterLine, "", "", 72));
  saveCoverLetter(ws, coverLetter(ws, s, cfg.value("cover_subject", category), body.str()));
  ws.out() << "\ncover letter, patches, checks and worklist: " << ws.outDir << "\n";
  bool ok = s.failedUnits() == 0 && s.newWarnings() == 0 && s.checkpatchErrors() == 0;
  return ok ? 0 : 1;
}

}  // namespace kconv::refactor
