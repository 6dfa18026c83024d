#include "refactor/site_rewriter.h"

#include <map>
#include <optional>

#include "git/line_map.h"
#include "refactor/identifiers.h"
#include "cocci/spatch_runner.h"

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

struct FileState {
  std::string original, current;
  MapChain chain;
  std::vector<const PlannedRewrite *> applied;
};

// Accepts or rejects one file's result of a run: a rewrite is done when all
// its lines changed, and the file must have lost exactly the planned test
// tokens of the done ones. Returns the content to keep.
void judge(const std::string &file, const std::string &after,
           const std::vector<const PlannedRewrite *> &rewrites, const std::string &cocci,
           FileState &st, RewriteResult &out) {
  git::LineMap lm(st.current, after);
  std::map<std::string, unsigned> expected;
  std::vector<const PlannedRewrite *> done, missed;
  for (const PlannedRewrite *r : rewrites) {
    bool changed = true;
    for (const Location &p : r->positions) changed = changed && !lm.map(*st.chain.map(p.line));
    (changed ? done : missed).push_back(r);
    if (changed)
      for (const std::string &t : r->tokens) ++expected[t];
  }
  for (const auto &[token, n] : expected)
    if (countIdentifier(st.current, token) != countIdentifier(after, token) + n) {
      refuseAll(rewrites, cocci + " changed other " + token + " tests in " + file +
                              " than the planned ones; rejected for this file",
                out);
      return;
    }
  refuseAll(missed, "the semantic patch does not match this shape of test; convert by hand", out);
  st.applied.insert(st.applied.end(), done.begin(), done.end());
  st.chain.maps.push_back(std::move(lm));
  st.current = after;
}

}  // namespace

RewriteResult applyRewrites(const ConversionPlan &plan, const std::string &semanticPatchDir,
                            const FileReader &read, const std::string &workDir) {
  RewriteResult out;
  // behaviour bit -> file -> rewrites
  std::map<unsigned, std::map<std::string, std::vector<const PlannedRewrite *>>> byBehaviour;
  for (const PlannedRewrite &r : plan.rewrites) byBehaviour[r.behaviour->bit][r.file].push_back(&r);
  std::map<std::string, FileState> files;
  for (const auto &[bit, byFile] : byBehaviour) {
    const Behaviour &b = *byFile.begin()->second.front()->behaviour;
    std::map<std::string, std::string> inputs;
    std::vector<Location> sites;
    std::map<std::string, std::vector<const PlannedRewrite *>> runnable;
    for (const auto &[file, rewrites] : byFile) {
      if (b.semanticPatch.empty()) {
        refuseAll(rewrites, "behaviour " + b.id + " has no semantic patch", out);
        continue;
      }
      if (!files.count(file)) {
        std::optional<std::string> text = read(file);
        if (!text) {
          refuseAll(rewrites, "file not in the tree", out);
          continue;
        }
        files[file] = {*text, *text, {}, {}};
      }
      FileState &st = files[file];
      for (const PlannedRewrite *r : rewrites) {
        std::vector<Location> mapped;
        for (const Location &p : r->positions)
          if (auto line = st.chain.map(p.line)) mapped.push_back({file, *line, p.column});
        if (mapped.size() != r->positions.size()) {
          refuseAll({r}, "an earlier rewrite changed the same line; convert by hand", out);
          continue;
        }
        sites.insert(sites.end(), mapped.begin(), mapped.end());
        runnable[file].push_back(r);
      }
      if (runnable.count(file)) inputs[file] = st.current;
    }
    if (inputs.empty()) continue;
    std::string cocci = semanticPatchDir + "/" + b.semanticPatch;
    SpatchRewrite sp = runSpatchRewrite(cocci, inputs, sites, workDir);
    for (const auto &[file, rewrites] : runnable) {
      if (!sp.ok)
        refuseAll(rewrites, sp.error, out);
      else
        judge(file, sp.contents.at(file), rewrites, cocci, files[file], out);
    }
  }
  for (auto &[file, st] : files)
    if (st.current != st.original) out.files[file] = {st.original, st.current, st.applied};
  return out;
}

}  // namespace kconv::refactor
