#include "refactor/site_rewriter.h"

#include <map>
#include <optional>

#include "git/line_map.h"
#include "refactor/spatch_runner.h"

namespace kconv::refactor {

namespace {

// The line maps of the runs so far on one file, applied in order.
struct MapChain {
  std::vector<git::LineMap> maps;
  std::optional<unsigned> map(unsigned line) const {
    std::optional<unsigned> l = line;
    for (const git::LineMap &m : maps)
      if (l) l = m.map(*l);
    return l;
  }
};

void refuseAll(const std::vector<const PlannedRewrite *> &rewrites, const std::string &why,
               RewriteResult &out) {
  for (const PlannedRewrite *r : rewrites)
    for (const Site *s : r->sites) out.refused.push_back({s, why});
}

// One behaviour's patch on one file's current content. Returns the new
// content, or the old one when the run is rejected.
std::string runBehaviour(const std::string &file, const std::string &current,
                         const std::vector<const PlannedRewrite *> &rewrites,
                         const std::string &cocci, MapChain &chain,
                         const std::string &workDir, RewriteResult &out,
                         std::vector<const PlannedRewrite *> &applied) {
  std::vector<Location> positions;
  std::vector<const PlannedRewrite *> runnable;
  for (const PlannedRewrite *r : rewrites) {
    std::vector<Location> mapped;
    for (const Location &p : r->positions)
      if (auto line = chain.map(p.line)) mapped.push_back({file, *line, p.column});
    if (mapped.size() != r->positions.size()) {
      refuseAll({r}, "an earlier rewrite on the same line; convert by hand", out);
      continue;
    }
    positions.insert(positions.end(), mapped.begin(), mapped.end());
    runnable.push_back(r);
  }
  if (runnable.empty()) return current;
  SpatchResult sp = runSpatch(cocci, file, current, positions, workDir);
  if (!sp.ok) {
    refuseAll(runnable, sp.error, out);
    return current;
  }
  git::LineMap lm(current, sp.content);
  std::map<std::string, unsigned> expected;
  std::vector<const PlannedRewrite *> done, missed;
  for (const PlannedRewrite *r : runnable) {
    bool changed = true;
    for (const Location &p : r->positions) changed = changed && !lm.map(*chain.map(p.line));
    (changed ? done : missed).push_back(r);
    if (changed)
      for (const std::string &t : r->tokens) ++expected[t];
  }
  for (const auto &[token, n] : expected)
    if (countIdentifier(current, token) != countIdentifier(sp.content, token) + n) {
      refuseAll(runnable, cocci + " changed other " + token +
                              " tests than the planned ones; rejected for this file",
                out);
      return current;
    }
  refuseAll(missed, "the semantic patch does not match this shape of test; convert by hand", out);
  applied.insert(applied.end(), done.begin(), done.end());
  chain.maps.push_back(std::move(lm));
  return sp.content;
}

}  // namespace

RewriteResult applyRewrites(const ConversionPlan &plan, const std::string &semanticPatchDir,
                            const FileReader &read, const std::string &workDir) {
  RewriteResult out;
  // file -> behaviour bit -> rewrites
  std::map<std::string, std::map<unsigned, std::vector<const PlannedRewrite *>>> byFile;
  for (const PlannedRewrite &r : plan.rewrites) byFile[r.file][r.behaviour->bit].push_back(&r);
  for (const auto &[file, byBehaviour] : byFile) {
    std::optional<std::string> text = read(file);
    if (!text) {
      for (const auto &[bit, rs] : byBehaviour) refuseAll(rs, "file not in the tree", out);
      continue;
    }
    std::string current = *text;
    MapChain chain;
    std::vector<const PlannedRewrite *> applied;
    for (const auto &[bit, rewrites] : byBehaviour) {
      const Behaviour &b = *rewrites.front()->behaviour;
      if (b.semanticPatch.empty()) {
        refuseAll(rewrites, "behaviour " + b.id + " has no semantic patch", out);
        continue;
      }
      current = runBehaviour(file, current, rewrites, semanticPatchDir + "/" + b.semanticPatch,
                             chain, workDir, out, applied);
    }
    if (current != *text) out.files[file] = {*text, current, applied};
  }
  return out;
}

}  // namespace kconv::refactor
