#include "refactor/conversion_plan.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "refactor/identifiers.h"

namespace kconv::refactor {

namespace {

std::string predicateOf(const Site &s) {
  return s.finding.rule.substr(s.finding.rule.find('.') + 1);
}

bool isMemberTest(const Site &s) {
  std::string r = predicateOf(s);
  return r == "compare" || r == "switch";
}

std::string tokenOf(const Site &s) { return isMemberTest(s) ? "type" : predicateOf(s); }

std::string typeList(const std::set<std::string> &types) {
  std::string out;
  for (const std::string &t : types) out += (out.empty() ? "" : ", ") + shortType(t);
  return "{" + out + "}";
}


// Macro sites: one rewrite in the definition for all uses, if they agree.
void planMacros(const std::map<std::string, std::vector<const Site *>> &byMacro,
                const PgmapRules &rules, const FileReader &read, ConversionPlan &plan) {
  for (const auto &entry : byMacro) {
    const std::vector<const Site *> &sites = entry.second;  // (a lambda cannot capture a binding)
    const Site &first = *sites.front();
    std::string macro = first.finding.details.value("macro", "");
    auto refuseAll = [&](const std::string &why) {
      for (const Site *s : sites) plan.refused.push_back({s, why});
    };
    bool agree = std::all_of(sites.begin(), sites.end(), [&](const Site *s) {
      return s->behaviour == first.behaviour && tokenOf(*s) == tokenOf(first);
    });
    if (!agree) {
      refuseAll("uses of macro " + macro + " are classified differently; its one test cannot serve them all");
      continue;
    }
    const Behaviour *b = rules.behaviour(first.behaviour);
    if (first.types != b->types) {
      refuseAll("the test in macro " + macro + " names " + typeList(first.types) + ", " +
                b->flag + " is set for " + typeList(b->types));
      continue;
    }
    auto text = read(first.finding.location.file);
    auto where = text ? tokenInMacroDefinition(*text, macro, tokenOf(first)) : std::nullopt;
    if (!where) {
      refuseAll("the test is inside macro " + macro + ", not defined in " +
                first.finding.location.file);
      continue;
    }
    where->file = first.finding.location.file;
    plan.rewrites.push_back({where->file, b, {*where}, sites, {tokenOf(first)}, macro});
  }
}

// The nearest unpaired test after `i` in the same function, same behaviour,
// naming the missing types, at most three lines down.
std::optional<size_t> partner(const std::vector<const Site *> &list, size_t i,
                              const std::vector<bool> &used, const Behaviour &b) {
  const Site &a = *list[i];
  for (size_t j = i + 1; j < list.size(); ++j) {
    const Site &c = *list[j];
    if (c.finding.location.file != a.finding.location.file ||
        c.finding.location.line > a.finding.location.line + 3)
      break;
    if (used[j] || c.behaviour != a.behaviour || c.finding.function != a.finding.function ||
        isMemberTest(c) != isMemberTest(a))
      continue;
    std::set<std::string> both = a.types;
    both.insert(c.types.begin(), c.types.end());
    if (both == b.types && both.size() == a.types.size() + c.types.size()) return j;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Location> tokenInMacroDefinition(const std::string &text,
                                               const std::string &macro,
                                               const std::string &token) {
  std::istringstream in(text);
  std::string line;
  unsigned n = 0;
  bool inside = false;
  while (std::getline(in, line)) {
    ++n;
    if (!inside) {
      size_t p = line.find_first_not_of(" \t");
      if (p == std::string::npos || line[p] != '#') continue;
      p = line.find_first_not_of(" \t", p + 1);
      if (p == std::string::npos || line.compare(p, 6, "define") != 0) continue;
      p = line.find_first_not_of(" \t", p + 6);
      if (p == std::string::npos || line.compare(p, macro.size(), macro) != 0 ||
          (p + macro.size() < line.size() && isIdentifierChar(line[p + macro.size()])))
        continue;
      inside = true;
    }
    if (size_t at = findIdentifier(line, token); at != std::string::npos)
      return Location{"", n, static_cast<unsigned>(at + 1)};
    if (line.empty() || line.back() != '\\') inside = false;
  }
  return std::nullopt;
}

ConversionPlan planConversions(const Inventory &inv, const PgmapRules &rules,
                               const FileReader &read) {
  ConversionPlan plan;
  std::map<std::string, std::vector<const Site *>> byMacro;
  std::vector<const Site *> direct;
  for (const Site &s : inv.sites) {
    const Behaviour *b = rules.behaviour(s.behaviour);
    if (!b) {
      plan.refused.push_back({&s, "not classified: add a rule to rules/pgmap-type.json"});
      continue;
    }
    if (b->flag.empty()) continue;  // keep
    std::string rule = predicateOf(s);
    if (rule == "read" || rule == "assign") {
      plan.refused.push_back({&s, "uses the type's value, not a test of it"});
      continue;
    }
    std::string macro = s.finding.details.value("macro", "");
    if (!macro.empty())
      byMacro[s.finding.location.file + "\n" + macro].push_back(&s);
    else
      direct.push_back(&s);
  }
  planMacros(byMacro, rules, read, plan);

  std::vector<bool> used(direct.size(), false);
  for (size_t i = 0; i < direct.size(); ++i) {
    if (used[i]) continue;
    const Site &s = *direct[i];
    const Behaviour &b = *rules.behaviour(s.behaviour);
    if (s.types == b.types) {
      used[i] = true;
      plan.rewrites.push_back({s.finding.location.file, &b, {s.finding.location}, {&s}, {tokenOf(s)}, ""});
      continue;
    }
    if (auto j = partner(direct, i, used, b)) {
      used[i] = used[*j] = true;
      plan.rewrites.push_back({s.finding.location.file, &b,
                               {s.finding.location, direct[*j]->finding.location},
                               {&s, direct[*j]}, {tokenOf(s), tokenOf(*direct[*j])}, ""});
      continue;
    }
    used[i] = true;
    plan.refused.push_back({&s, "names " + typeList(s.types) + " but " + b.flag +
                                    " is set for " + typeList(b.types) +
                                    ": no exact flag test here"});
  }
  std::sort(plan.rewrites.begin(), plan.rewrites.end(),
            [](const PlannedRewrite &a, const PlannedRewrite &b) {
              return std::tie(a.file, a.positions.front()) < std::tie(b.file, b.positions.front());
            });
  return plan;
}

}  // namespace kconv::refactor
