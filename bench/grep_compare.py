#!/usr/bin/env python3
"""Compare kconv's sites with `grep -rnw` for the rule pack's names.

Every line grep finds for a devmap / pgmap-type name is put in exactly one
class, so each kind of difference between a typed scan and a text search is
counted and shown with examples:

  verified        a site Clang reported on that line, or a macro-body site
                  Clang saw expanded (verified)
  <reason>        a site only Coccinelle or the lexical scan reported, with
                  kconv's unverified_reason (other-architecture, not-built,
                  disabled-branch, ...)
  comment/string  the name is only in a comment or a string literal
  definition      `#define NAME`, `#undef NAME`, or a prototype / inline
                  definition line (reported as a definition when Clang
                  compiled it, else not a use)
  preprocessor    an #if/#ifdef condition line
  other           anything else (listed in full: should be empty)

  bench/grep_compare.py --tree DIR --findings kconv-both.json [--rules rules/]

Needs the findings of `kconv scan --engine both --format json` on the same
tree. Prints a table per class and per name; asserts nothing.
"""
import argparse
import collections
import json
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rule_names(rules_dir):
    names = []
    for pack in ("devmap.json", "pgmap-type.json"):
        with open(os.path.join(rules_dir, pack)) as f:
            j = json.load(f)
        for key in ("names", "predicates"):
            names += [e["name"] for e in j.get(key, [])]
    return sorted(set(names))


def code_only(text):
    """The text with comments and string/char literals blanked, lines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", required=True)
    ap.add_argument("--findings", required=True, help="kconv scan --engine both JSON")
    ap.add_argument("--rules", default=os.path.join(ROOT, "rules"))
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args()

    names = rule_names(args.rules)
    pattern = r"\b(" + "|".join(names) + r")\b"
    grep = subprocess.run(["grep", "-rnwE", "--include=*.c", "--include=*.h", pattern, "."],
                          cwd=args.tree, capture_output=True, text=True)
    with open(args.findings) as f:
        findings = json.load(f)["findings"]
    by_line = collections.defaultdict(list)
    for x in findings:
        by_line[(x["file"], x["line"])].append(x)

    classes = collections.Counter()
    per_name = collections.defaultdict(collections.Counter)
    examples = collections.defaultdict(list)
    code_cache = {}
    for line in grep.stdout.splitlines():
        m = re.match(r"\./(.+?):(\d+):(.*)", line)
        if not m:
            continue
        path, lineno, text = m.group(1), int(m.group(2)), m.group(3)
        hit_names = [n for n in re.findall(pattern, text)]
        sites = by_line.get((path, lineno), [])
        if any(s.get("verified", True) for s in sites):
            cls = "verified"
        elif sites:
            cls = sites[0].get("details", {}).get("unverified_reason", "unverified")
        else:
            if path not in code_cache:
                with open(os.path.join(args.tree, path), errors="replace") as f:
                    code_cache[path] = code_only(f.read()).split("\n")
            code = code_cache[path][lineno - 1] if lineno <= len(code_cache[path]) else ""
            stripped = code.strip()
            if not re.search(pattern, code):
                cls = "comment/string"
            elif re.match(r"#\s*(define|undef)\b", stripped):
                cls = "definition"
            elif re.match(r"#\s*(if|ifdef|ifndef|elif)\b", stripped):
                cls = "preprocessor"
            elif re.search(r"\b(static|extern|inline|bool|int|void|unsigned|struct|pte_t|pmd_t|pud_t)\b.*\b(" +
                           "|".join(names) + r")\s*\(", stripped):
                cls = "definition"
            else:
                cls = "other"
        classes[cls] += 1
        for n in hit_names:
            per_name[n][cls] += 1
        if len(examples[cls]) < (1000 if cls == "other" else args.examples):
            examples[cls].append(f"{path}:{lineno}: {text.strip()[:100]}")

    total = sum(classes.values())
    print(f"grep -rnwE over *.c/*.h: {total} lines for {len(names)} names\n")
    print("| class | lines |\n|---|---:|")
    for cls, n in classes.most_common():
        print(f"| {cls} | {n} |")
    cols = [c for c, _ in classes.most_common()]
    print("\n| name | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for n in names:
        if per_name[n]:
            print(f"| {n} | " + " | ".join(str(per_name[n][c]) for c in cols) + " |")
    print()
    for cls in cols:
        print(f"{cls}:")
        for e in examples[cls]:
            print(f"    {e}")


if __name__ == "__main__":
    main()
