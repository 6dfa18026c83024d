#include "core/engine_merge.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace kconv {

void sortNotes(std::vector<SiteNote> &notes) {
  std::sort(notes.begin(), notes.end(), [](const SiteNote &a, const SiteNote &b) {
    return std::tie(a.location, a.category, a.kind, a.text) <
           std::tie(b.location, b.category, b.kind, b.text);
  });
}

namespace {

using Key = std::tuple<std::string, unsigned, unsigned>;

Key keyOf(const Location &l) { return {l.file, l.line, l.column}; }

std::string where(const Location &l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

void count(nlohmann::json &j, const std::string &a, const std::string &b) {
  nlohmann::json &slot = j[a][b];
  slot = slot.is_number() ? slot.get<unsigned>() + 1 : 1u;
}

void count(nlohmann::json &j, const std::string &a) {
  nlohmann::json &slot = j[a];
  slot = slot.is_number() ? slot.get<unsigned>() + 1 : 1u;
}

// "arch/arm64/include/asm/pgtable.h" -> "arm64"; "" outside arch/.
std::string archOf(const std::string &file) {
  if (file.compare(0, 5, "arch/") != 0) return "";
  size_t slash = file.find('/', 5);
  return file.substr(5, slash == std::string::npos ? std::string::npos : slash - 5);
}

class Merger {
 public:
  explicit Merger(MergeInput &in) : in_(in) {
    for (size_t i = 0; i < in_.clang.findings.size(); ++i) {
      const Finding &f = in_.clang.findings[i];
      clangAt_[keyOf(f.location)].push_back(i);
      if (f.details.contains("macro"))
        expansions_[{f.details["macro"].get<std::string>(), f.rule}].push_back(i);
    }
    for (const SourceOccurrence &o : in_.occurrences) {
      occurrenceAt_[keyOf(o.location)] = &o;
      interest_[o.location.file].insert(o.location.line);
    }
    clangUsed_.assign(in_.clang.findings.size(), false);
  }

  MergeResult run() {
    std::vector<Finding> cocci = std::move(in_.cocci.findings);
    sortFindings(cocci);
    for (Finding &c : cocci) take(std::move(c));
    for (size_t i = 0; i < in_.clang.findings.size(); ++i) {
      if (clangUsed_[i]) continue;
      Finding f = std::move(in_.clang.findings[i]);
      f.details["seen_by"] = {"clang"};
      if (in_.cocci.ran) count(merge_["clang_only"], f.category);
      count(merge_["verified"], f.category);
      out_.push_back(std::move(f));
    }
    sortFindings(out_);
    MergeResult result;
    result.findings = std::move(out_);
    result.coverage["merge"] = merge_;
    result.coverage["lexical"] = crossCheck(result.findings);
    return result;
  }

 private:
  // The clang finding at c's position with c's rule, else with c's category.
  std::optional<size_t> sameSite(const Finding &c, bool &otherRule) const {
    auto it = clangAt_.find(keyOf(c.location));
    if (it == clangAt_.end()) return std::nullopt;
    for (size_t i : it->second)
      if (in_.clang.findings[i].rule == c.rule) return i;
    for (size_t i : it->second)
      if (in_.clang.findings[i].category == c.category) {
        otherRule = true;
        return i;
      }
    return std::nullopt;
  }

  const SourceOccurrence *occurrence(const Location &l) const {
    auto it = occurrenceAt_.find(keyOf(l));
    return it == occurrenceAt_.end() ? nullptr : it->second;
  }

  void take(Finding c) {
    bool otherRule = false;
    if (auto i = sameSite(c, otherRule)) {
      Finding &f = in_.clang.findings[*i];
      if (!clangUsed_[*i]) {
        clangUsed_[*i] = true;
        f.details["seen_by"] = {"clang", "cocci"};
        if (otherRule) {
          f.details["cocci_rule"] = c.rule;
          count(merge_["tolerance"], "same-site-other-rule");
        }
        count(merge_["verified"], f.category);
        count(merge_["both"], f.category);
        out_.push_back(f);
      }
      return;
    }
    const SourceOccurrence *o = occurrence(c.location);
    // A body of the macro as the configuration defines it (another
    // definition in a skipped branch is not the one Clang expanded).
    if (in_.clang.ran && o && o->context == "define-body" && compiled(c.location)) {
      auto e = expansions_.find({o->macro, c.rule});
      if (e != expansions_.end()) {
        const Finding &first = in_.clang.findings[e->second.front()];
        c.verified = true;
        c.details["seen_by"] = {"cocci"};
        c.details["verified_by"] = "clang: " + std::to_string(e->second.size()) +
                                   " expansion(s) of " + o->macro + ", first at " +
                                   where(first.location);
        count(merge_["tolerance"], "macro-expansion");
        count(merge_["verified"], c.category);
        out_.push_back(std::move(c));
        return;
      }
    }
    auto [reason, note] = unverifiedReason(c, o);
    c.verified = false;
    c.details["seen_by"] = {"cocci"};
    c.details["unverified_reason"] = reason;
    if (!note.empty()) c.details["unverified_note"] = note;
    count(merge_["unverified"], c.category, reason);
    out_.push_back(std::move(c));
  }

  bool compiled(const Location &l) const {
    auto it = in_.clang.activeLines.find(l.file);
    return it != in_.clang.activeLines.end() && it->second.count(l.line);
  }

  std::pair<std::string, std::string> unverifiedReason(const Finding &c,
                                                       const SourceOccurrence *o) const {
    const std::string &file = c.location.file;
    if (!in_.clang.ran) return {"clang-not-run", ""};
    std::string arch = archOf(file);
    if (!arch.empty() && arch != in_.srcArch && !in_.otherSrcArches.count(arch)) {
      auto unbuilt = in_.unbuiltArches.find(arch);
      return {"other-architecture",
              "arch/" + arch + (unbuilt == in_.unbuiltArches.end()
                                    ? ""
                                    : " (not built here: " + unbuilt->second + ")")};
    }
    if (in_.clang.failedFiles.count(file))
      return {"clang-failed", "the translation unit failed to parse"};
    if (!in_.clang.filesSeen.count(file))
      return {"not-built", "no translation unit of the configuration reads this file"};
    auto interest = interest_.find(file);
    bool asked = interest != interest_.end() && interest->second.count(c.location.line);
    if (asked && !compiled(c.location))
      return {"disabled-branch", "the configuration skips this #if branch"};
    if (o && o->context == "define-body")
      return {"macro-not-expanded",
              "Clang reports no expansion of " + o->macro + " with this rule"};
    if (!asked) return {"disagreement", "the lexical scan has no occurrence here"};
    if (o && o->member)
      return {"disagreement", "Clang compiled this line and did not type the base as the rule's record"};
    return {"disagreement", "Clang compiled this line and did not see the rule's name here"};
  }

  nlohmann::json crossCheck(const std::vector<Finding> &findings) const {
    std::set<std::tuple<std::string, unsigned, unsigned, std::string>> reported;
    for (const Finding &f : findings)
      reported.insert({f.location.file, f.location.line, f.location.column, f.category});
    std::map<Key, const SiteNote *> notes;
    for (const SiteNote &n : in_.cocci.notes) notes[keyOf(n.location)] = &n;

    nlohmann::json explained = nlohmann::json::object();
    nlohmann::json unexplained = nlohmann::json::array();
    unsigned reportedCount = 0;
    for (const SourceOccurrence &o : in_.occurrences) {
      const Location &l = o.location;
      if (reported.count({l.file, l.line, l.column, o.category})) {
        ++reportedCount;
        continue;
      }
      std::string why = explanation(o, notes);
      if (!why.empty()) {
        count(explained, why);
        continue;
      }
      nlohmann::json entry = {{"file", l.file},     {"line", l.line},
                              {"column", l.column}, {"name", o.name},
                              {"category", o.category}, {"context", o.context}};
      if (!o.macro.empty()) entry["macro"] = o.macro;
      auto n = notes.find(keyOf(l));
      if (n != notes.end()) entry["note"] = "coccinelle: " + n->second->text;
      if (in_.cocci.problemFiles.count(l.file)) entry["note"] = "spatch failed on this file";
      unexplained.push_back(entry);
    }
    return {{"occurrences", in_.occurrences.size()},
            {"reported", reportedCount},
            {"explained", explained},
            {"unexplained_count", unexplained.size()},
            {"unexplained", unexplained}};
  }

  std::string explanation(const SourceOccurrence &o,
                          const std::map<Key, const SiteNote *> &notes) const {
    if (o.context == "declaration") return "declaration";
    if (o.context == "undef") return "undef";
    if (o.context == "member-name") return "member-of-another-struct";
    if (o.context == "directive") return "other-directive";
    if (o.context == "dead") return "if-0";
    if (!o.member) return "";
    auto n = notes.find(keyOf(o.location));
    if (n != notes.end() && n->second->kind == "other") return "other-record (coccinelle)";
    if (in_.clang.ran && o.context == "code" && in_.clang.filesSeen.count(o.location.file) &&
        !in_.clang.failedFiles.count(o.location.file) && compiled(o.location))
      return "other-record (clang)";
    return "";
  }

  MergeInput &in_;
  std::map<Key, std::vector<size_t>> clangAt_;
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> expansions_;
  std::map<Key, const SourceOccurrence *> occurrenceAt_;
  std::map<std::string, std::set<unsigned>> interest_;
  std::vector<bool> clangUsed_;
  std::vector<Finding> out_;
  nlohmann::json merge_ = {{"verified", nlohmann::json::object()},
                           {"unverified", nlohmann::json::object()},
                           {"both", nlohmann::json::object()},
                           {"clang_only", nlohmann::json::object()},
                           {"tolerance", nlohmann::json::object()}};
};

}  // namespace

MergeResult mergeEngines(MergeInput input) {
  return Merger(input).run();
}

}  // namespace kconv
