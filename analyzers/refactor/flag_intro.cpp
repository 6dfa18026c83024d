#include "refactor/flag_intro.h"

#include <sstream>

#include "core/errors.h"

namespace kconv::refactor {

namespace {

unsigned columns(const std::string &s) {
  unsigned c = 0;
  for (char ch : s) c = ch == '\t' ? (c / 8 + 1) * 8 : c + 1;
  return c;
}

size_t lineStartAfter(const std::string &text, size_t pos) {
  size_t nl = text.find('\n', pos);
  return nl == std::string::npos ? text.size() : nl + 1;
}

size_t requireAnchor(const std::string &text, const std::string &anchor, size_t from,
                     const std::string &file) {
  size_t at = text.find(anchor, from);
  if (at == std::string::npos)
    throw InputError(file + ": cannot place the pgmap flags: \"" + anchor + "\" not found");
  return at;
}

// The offset just past the '}' matching the '{' at `open`, skipping
// comments and string and character literals.
size_t matchingBrace(const std::string &t, size_t open) {
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    char c = t[i];
    if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      i = t.find("*/", i + 2);
      if (i == std::string::npos) break;
      ++i;
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
      i = t.find('\n', i);
      if (i == std::string::npos) break;
    } else if (c == '"' || c == '\'') {
      for (++i; i < t.size() && t[i] != c; ++i)
        if (t[i] == '\\') ++i;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return std::string::npos;
}

std::string flagMask(const std::vector<const Behaviour *> &flags) {
  std::string out = "#define PGMAP_TYPE_FLAGS\t(";
  std::string line = out;
  std::string result;
  for (size_t i = 0; i < flags.size(); ++i) {
    std::string item = flags[i]->flag + (i + 1 < flags.size() ? " |" : ")");
    if (columns(line + " " + item + " \\") > 80 && line != out) {
      result += line + " \\\n";
      line = "\t\t\t\t " + item;
    } else {
      line += (line == out ? "" : " ") + item;
    }
  }
  return result + line + "\n";
}

std::string flagDefinitions(const std::vector<const Behaviour *> &flags) {
  std::ostringstream out;
  out << "\n/*\n"
      << " * Behaviour flags: what the core mm does specially for the pages of a\n"
      << " * pgmap, one flag per behaviour instead of tests of the memory type.\n"
      << " * memremap_pages() sets them from @type (pgmap_type_flags()); drivers\n"
      << " * do not set them.\n";
  for (const Behaviour *b : flags) {
    std::string types;
    for (const std::string &t : memoryTypes())
      if (b->types.count(t)) types += (types.empty() ? "" : ", ") + t;
    out << " *\n"
        << wrapText(b->flag + ": " + b->description + " (" + types + ").", " * ", " *\t", 80);
  }
  out << " */\n";
  for (const Behaviour *b : flags) {
    std::string def = "#define " + b->flag + "\t(1 << " + std::to_string(b->bit) + ")\n";
    if (b->config.empty()) {
      out << def;
    } else {
      out << "#ifdef " << b->config << "\n" << def << "#else\n#define " << b->flag
          << "\t0\t/* refused by memremap_pages() */\n#endif\n";
    }
  }
  out << flagMask(flags);
  return out.str();
}

std::string helpers(const PgmapRules &r) {
  auto sig = [](const std::string &name, const std::string &param) {
    std::string head = "static inline bool " + name + "(" + param + ",";
    std::string pad(columns("static inline bool " + name + "("), ' ');
    std::string tabs;
    while (pad.size() >= 8) {
      tabs += '\t';
      pad.erase(0, 8);
    }
    return head + "\n" + tabs + pad + "unsigned int flag)\n";
  };
  std::ostringstream out;
  out << "/* Whether memremap_pages() gave @pgmap the behaviour @flag (PGMAP_*). */\n"
      << sig(r.pgmapHelper, "const struct dev_pagemap *pgmap") << "{\n"
      << "\treturn pgmap->flags & flag;\n}\n\n"
      << "/* Whether @page is ZONE_DEVICE memory whose pgmap has the behaviour @flag. */\n"
      << sig(r.pageHelper, "const struct page *page") << "{\n"
      << "\treturn is_zone_device_page(page) && " << r.pgmapHelper << "(page->pgmap, flag);\n}\n\n"
      << sig(r.folioHelper, "const struct folio *folio") << "{\n"
      << "\treturn " << r.pageHelper << "(&folio->page, flag);\n}\n\n";
  return out.str();
}

std::string typeFlagsFunction(const std::vector<const Behaviour *> &flags) {
  std::ostringstream out;
  out << "/*\n"
      << " * The behaviour flags of a pgmap of @type: the one place that ties memory\n"
      << " * types to behaviours, applied by memremap_pages() before the pages exist.\n"
      << " */\n"
      << "static unsigned int pgmap_type_flags(enum memory_type type)\n{\n"
      << "\tswitch (type) {\n";
  for (const std::string &t : memoryTypes()) {
    std::string set;
    for (const Behaviour *b : flags)
      if (b->types.count(t)) set += (set.empty() ? "" : " | ") + b->flag;
    if (set.empty()) continue;
    out << "\tcase " << t << ":\n\t\treturn " << set << ";\n";
  }
  out << "\tdefault:\n\t\treturn 0;\n\t}\n}\n\n";
  return out.str();
}

}  // namespace

const std::vector<std::string> &memoryTypes() {
  static const std::vector<std::string> types = {
      "MEMORY_DEVICE_PRIVATE", "MEMORY_DEVICE_COHERENT", "MEMORY_DEVICE_FS_DAX",
      "MEMORY_DEVICE_GENERIC", "MEMORY_DEVICE_PCI_P2PDMA"};
  return types;
}

std::string wrapText(const std::string &text, const std::string &first,
                     const std::string &rest, unsigned width) {
  std::istringstream words(text);
  std::string word, line = first, out;
  bool empty = true;
  while (words >> word) {
    if (!empty && columns(line + " " + word) > width) {
      out += line + "\n";
      line = rest + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  return out + line + "\n";
}

std::string addFlagDefinitions(const std::string &header,
                               const std::vector<const Behaviour *> &flags,
                               const PgmapRules &rules) {
  std::string out = header;
  size_t helpersAt =
      requireAnchor(out, "static inline bool is_device_private_page(", 0, kMemremapHeader);
  out.insert(helpersAt, helpers(rules));
  size_t defs = requireAnchor(out, "#define PGMAP_ALTMAP_VALID", 0, kMemremapHeader);
  out.insert(lineStartAfter(out, defs), flagDefinitions(flags));
  return out;
}

std::string addFlagRegistration(const std::string &source,
                                const std::vector<const Behaviour *> &flags) {
  std::string out = source;
  size_t fn = requireAnchor(out, "\nvoid *memremap_pages(", 0, kMemremapSource) + 1;
  size_t sw = requireAnchor(out, "\tswitch (pgmap->type) {", fn, kMemremapSource);
  size_t end = matchingBrace(out, out.find('{', sw));
  if (end == std::string::npos)
    throw InputError(std::string(kMemremapSource) + ": unbalanced switch in memremap_pages()");
  out.insert(lineStartAfter(out, end),
             "\n\t/* Before the pages exist: see pgmap_type_flags(). */\n"
             "\tpgmap->flags &= ~PGMAP_TYPE_FLAGS;\n"
             "\tpgmap->flags |= pgmap_type_flags(pgmap->type);\n");
  // Above the comment that introduces memremap_pages(), not between them.
  size_t at = fn;
  while (at > 0) {
    size_t prev = out.rfind('\n', at - 2);
    size_t start = prev == std::string::npos ? 0 : prev + 1;
    std::string line = out.substr(start, at - start);
    if (line.rfind("/*", 0) != 0 && line.rfind(" *", 0) != 0) break;
    at = start;
  }
  out.insert(at, typeFlagsFunction(flags));
  return out;
}

}  // namespace kconv::refactor
