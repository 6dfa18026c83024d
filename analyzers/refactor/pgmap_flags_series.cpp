#include "refactor/pgmap_flags_series.h"

#include <algorithm>
#include <map>

#include "core/errors.h"
#include "refactor/flag_intro.h"
#include "refactor/subject_prefix.h"

namespace kconv::refactor {

namespace {

std::string paragraphs(const std::vector<std::string> &ps) {
  std::string out;
  for (const std::string &p : ps) out += (out.empty() ? "" : "\n") + wrapText(p, "", "", 72);
  return out;
}

std::string flagLine(const Behaviour &b) {
  return wrapText(b.flag + " (" + typeNames(b.types) + "): " + b.description + ".", "  ",
                  "    ", 72);
}

PlannedCommit introCommit(const PgmapSeriesInput &in, const std::vector<const Behaviour *> &flags) {
  PlannedCommit c;
  c.subject = in.text.value("intro_subject", "mm/memremap: add pgmap behaviour flags");
  std::string body = paragraphs(in.text.value("motivation", std::vector<std::string>{}));
  body += "\nAdd one flag per behaviour that the following patches test:\n\n";
  for (const Behaviour *b : flags) body += flagLine(*b);
  std::string rest =
      "memremap_pages() sets them from the type in one place, pgmap_type_flags(), "
      "before any page of the pgmap exists, so for every registered pgmap a flag test "
      "gives exactly the answer of the type test it replaces: this patch changes no "
      "behaviour, and each following patch is bisectable on its own. The helpers keep "
      "the is_zone_device_page() test of the predicates they stand in for.";
  for (const Behaviour *b : flags)
    if (!b->config.empty())
      rest += " " + b->flag + " is 0 without " + b->config +
              ", where memremap_pages() refuses such pgmaps and the type predicate was "
              "constant false.";
  c.body = body + "\n" + wrapText(rest, "", "", 72);
  auto header = in.readBase(kMemremapHeader), source = in.readBase(kMemremapSource);
  if (!header || !source)
    throw InputError(std::string("the tree has no ") + kMemremapHeader + " or " + kMemremapSource);
  c.edits[kMemremapHeader] = addFlagDefinitions(*header, flags, *in.rules);
  c.edits[kMemremapSource] = addFlagRegistration(*source, flags);
  return c;
}

std::string siteName(const PlannedRewrite &r) {
  if (!r.macro.empty()) return r.macro + "()";
  return r.sites.front()->finding.function.empty() ? "file scope"
                                                   : r.sites.front()->finding.function + "()";
}

std::string conversionBody(const PgmapSeriesInput &in,
                           const std::vector<const PlannedRewrite *> &rewrites) {
  std::map<unsigned, std::map<std::string, std::vector<std::string>>> byFlag;  // bit, file
  std::map<unsigned, const Behaviour *> behaviours;
  for (const PlannedRewrite *r : rewrites) {
    auto &names = byFlag[r->behaviour->bit][r->file];
    if (std::find(names.begin(), names.end(), siteName(*r)) == names.end())
      names.push_back(siteName(*r));
    behaviours[r->behaviour->bit] = r->behaviour;
  }
  std::string body = wrapText(
      "Test the behaviour flags that \"" + in.text.value("intro_subject", std::string()) +
          "\" added instead of the memory types that imply them, " +
          in.text.value("why_converted", std::string("so the code says what it needs")) + ".",
      "", "", 72);
  body += "\n" + wrapText("memremap_pages() sets each flag for exactly the types the replaced "
                          "tests named, so no behaviour changes:",
                          "", "", 72) + "\n";
  std::vector<std::string> patches;
  for (const auto &[bit, files] : byFlag) {
    const Behaviour &b = *behaviours[bit];
    body += flagLine(b);
    for (const auto &[file, names] : files) {
      std::string list;
      for (const std::string &n : names) list += (list.empty() ? "" : ", ") + n;
      body += wrapText(file + ": " + list, "    ", "      ", 72);
    }
    body += "\n";
    patches.push_back("semantic-patches/" + b.semanticPatch);
  }
  std::string tools;
  for (const std::string &p : patches) tools += (tools.empty() ? "" : ", ") + p;
  body += wrapText("Converted with " + tools + " (kconv propose --refactor pgmap-flags).", "",
                   "", 72);
  return body;
}

}  // namespace

std::string typeNames(const std::set<std::string> &types) {
  std::string out;
  for (const std::string &t : memoryTypes())
    if (types.count(t))
      out += (out.empty() ? "" : ", ") + t.substr(std::string("MEMORY_").size());
  return out;
}

PgmapSeries planPgmapSeries(const PgmapSeriesInput &in) {
  PgmapSeries s;
  s.plan = std::make_unique<ConversionPlan>(planConversions(*in.inventory, *in.rules, in.readBase));
  s.rewrites = applyRewrites(*s.plan, in.semanticPatchDir, in.readBase, in.workDir);
  s.refused = s.plan->refused;
  s.refused.insert(s.refused.end(), s.rewrites.refused.begin(), s.rewrites.refused.end());

  std::set<unsigned> used;
  for (const auto &[file, fr] : s.rewrites.files)
    for (const PlannedRewrite *r : fr.applied) used.insert(r->behaviour->bit);
  for (const Behaviour &b : in.rules->behaviours)
    if (used.count(b.bit)) s.flags.push_back(&b);
  if (s.flags.empty()) return s;

  s.commits.push_back(introCommit(in, s.flags));
  const git::FileEdits &intro = s.commits.front().edits;

  // One commit per MAINTAINERS entry, the one with most conversions first.
  std::map<std::string, std::vector<std::string>> filesOf;
  std::map<std::string, std::vector<const PlannedRewrite *>> rewritesOf;
  for (const auto &[file, fr] : s.rewrites.files) {
    std::string title = in.subsystemOf(file);
    filesOf[title].push_back(file);
    rewritesOf[title].insert(rewritesOf[title].end(), fr.applied.begin(), fr.applied.end());
  }
  std::vector<std::string> order;
  for (const auto &[title, files] : filesOf) order.push_back(title);
  std::stable_sort(order.begin(), order.end(), [&](const std::string &a, const std::string &b) {
    return rewritesOf[a].size() > rewritesOf[b].size();
  });
  for (const std::string &title : order) {
    PlannedCommit c;
    c.subsystem = title;
    std::set<unsigned> bits;
    for (const PlannedRewrite *r : rewritesOf[title]) bits.insert(r->behaviour->bit);
    std::string what = bits.size() == 1 ? rewritesOf[title].front()->behaviour->flag
                                        : std::string("pgmap behaviour flags");
    c.subject = subjectPrefix(filesOf[title]) + ": test " + what + " instead of the memory type" +
                (bits.size() == 1 ? "" : "s");
    c.body = conversionBody(in, rewritesOf[title]);
    for (const std::string &file : filesOf[title]) {
      std::string content = s.rewrites.files.at(file).after;
      // A file patch 1 also edits: its conversions go on top of that edit.
      if (file == kMemremapSource && intro.count(file)) content = addFlagRegistration(content, s.flags);
      if (file == kMemremapHeader && intro.count(file))
        content = addFlagDefinitions(content, s.flags, *in.rules);
      c.edits[file] = content;
    }
    s.commits.push_back(std::move(c));
  }
  return s;
}

}  // namespace kconv::refactor
