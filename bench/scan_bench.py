#!/usr/bin/env python3
"""Benchmark kconv scan against the obvious alternatives, in one run.

Measured on the same tree and paths: kconv scan with the Clang engine
(cold per-TU cache, warm cache, pre-filter off), the Coccinelle engine and
both engines merged (the default; Clang from the warm cache), grep -rnw and
git grep for the rule pack's names,
and spatch with the page-mapping semantic patch, untyped and typed
(--include-headers-for-types --recursive-includes). Prints wall time, CPU
time and peak RSS of each, the ratios against kconv, and the recall of
each against the others on the sites they can both express. Not a test:
it asserts nothing about time.

  bench/scan_bench.py [--tree DIR] [--paths mm] [--kconv build/kconv] [--jobs 2]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(argv, cwd=None, env=None, stdout=None):
    """Runs argv; returns (wall s, cpu s, peak RSS MiB, exit code)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=stdout or subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def rule_names():
    names = []
    for pack in ("devmap.json", "pgmap-type.json"):
        with open(os.path.join(ROOT, "rules", pack)) as f:
            j = json.load(f)
        for key in ("names", "predicates"):
            names += [e["name"] for e in j.get(key, [])]
    return names


def kconv_sites(path, category=None):
    with open(path) as f:
        findings = json.load(f)["findings"]
    return {(x["file"], x["line"]) for x in findings
            if category is None or x["category"] == category}


def grep_sites(output, tree):
    sites = set()
    for line in output.splitlines():
        m = re.match(r"(.+?):(\d+):", line)
        if m:
            sites.add((os.path.relpath(os.path.join(tree, m.group(1)), tree), int(m.group(2))))
    return sites


def spatch_sites(output, tree):
    sites = set()
    for line in output.splitlines():
        m = re.match(r"(\S+?):(\d+):\d+", line)
        if m:
            sites.add((os.path.relpath(m.group(1), tree), int(m.group(2))))
    return sites


def recall(found, reference):
    return 100.0 * len(found & reference) / len(reference) if reference else 100.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", default=os.path.expanduser("~/.cache/kconv/src/linux-source-6.12"))
    ap.add_argument("--paths", nargs="+", default=["mm"])
    ap.add_argument("--kconv", default=os.path.join(ROOT, "build", "kconv"))
    ap.add_argument("--jobs", default=str(os.cpu_count()))
    ap.add_argument("--cocci", default=os.path.join(ROOT, "semantic-patches", "page-mapping.cocci"))
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="kconv-bench-")
    env = dict(os.environ, CI="1", KCONV_CACHE=os.path.join(work, "cache"))
    # The prepared O= directory is set-up, not scanning: share the user's.
    build = os.path.join(os.path.expanduser("~/.cache/kconv"), "build")
    os.makedirs(env["KCONV_CACHE"])
    if os.path.isdir(build):
        os.symlink(build, os.path.join(env["KCONV_CACHE"], "build"))
    common = [args.kconv, "scan", "--tree", args.tree, "--paths", *args.paths, "--jobs", args.jobs,
              "--format", "json"]
    base = common + ["--engine", "clang"]
    rows, outputs = [], {}

    def run(name, argv, **kw):
        r = measure(argv, **kw)
        rows.append((name,) + r)
        print(f"{name:34s} {r[0]:8.1f} s wall {r[1]:8.1f} s cpu {r[2]:8.0f} MiB  rc={r[3]}",
              file=sys.stderr)
        return r

    measure(base + ["-o", os.path.join(work, "prepare.json"), "--no-cache"], env=env)  # warm-up: O= dir
    for name, extra in (("kconv scan (cold cache)", []),
                        ("kconv scan (warm cache)", []),
                        ("kconv scan --no-prefilter", ["--no-prefilter", "--no-cache"])):
        out = os.path.join(work, name.split("(")[-1].strip(")").replace(" ", "-") + ".json")
        run(name, base + extra + ["-o", out], env=env)
        outputs[name] = out
    # The typed page->mapping scan alone, as spatch with one script is.
    pm_rules = os.path.join(work, "rules-page-mapping")
    os.makedirs(pm_rules)
    for f in os.listdir(os.path.join(ROOT, "rules")):
        if f == "page-mapping.json" or f.endswith(".config"):
            shutil.copy(os.path.join(ROOT, "rules", f), pm_rules)
    pm_env = dict(env, KCONV_CACHE=os.path.join(work, "cache-page-mapping"))
    os.makedirs(pm_env["KCONV_CACHE"])
    if os.path.isdir(build):
        os.symlink(build, os.path.join(pm_env["KCONV_CACHE"], "build"))
    outputs["pm"] = os.path.join(work, "page-mapping-only.json")
    run("kconv page-mapping only (cold)", base + ["--rules", pm_rules, "-o", outputs["pm"]],
        env=pm_env)
    if shutil.which("spatch"):
        for name, engine in (("kconv scan --engine cocci", "cocci"),
                             ("kconv scan --engine both (warm)", "both")):
            out = os.path.join(work, engine + ".json")
            run(name, common + ["--engine", engine, "-o", out], env=env)
            outputs[name] = out

    names = rule_names()
    pattern = r"\b(" + "|".join(names) + r")\b"
    with open(os.path.join(work, "grep.txt"), "w") as g:
        run("grep -rnwE (names)", ["grep", "-rnE", "--include=*.[ch]", pattern, *args.paths],
            cwd=args.tree, stdout=g)
    with open(os.path.join(work, "gitgrep.txt"), "w") as g:
        run("git grep --no-index (names)", ["git", "grep", "--no-index", "-nwE", pattern, "--",
                                            *[p + "/*.[ch]" for p in args.paths]],
            cwd=args.tree, stdout=g)
    with open(os.path.join(work, "grep-mapping.txt"), "w") as g:
        run("grep -rn '->mapping' (untyped)", ["grep", "-rnE", "--include=*.[ch]",
                                               r"(->|\.)mapping\b", *args.paths], cwd=args.tree, stdout=g)
    have_spatch = shutil.which("spatch") and os.path.exists(args.cocci)
    if have_spatch:
        targets = [os.path.join(args.tree, p) for p in args.paths]
        common = ["spatch", "--sp-file", args.cocci, "-D", "report", "--very-quiet",
                  "--no-show-diff", "-j", args.jobs, "-I", os.path.join(args.tree, "include"),
                  "-I", os.path.join(args.tree, "arch/x86/include")]
        with open(os.path.join(work, "spatch-untyped.txt"), "w") as g:
            run("spatch page-mapping (untyped)", common + ["--dir", *targets], stdout=g)
        with open(os.path.join(work, "spatch-typed.txt"), "w") as g:
            run("spatch page-mapping (typed)", common + ["--include-headers-for-types",
                                                         "--recursive-includes", "--dir", *targets],
                stdout=g)

    k = rows[0]
    print("\n| run | wall s | cpu s | peak MiB | wall vs kconv cold |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, cpu, rss, rc in rows:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {wall / k[1]:.2f}x |")

    cold = outputs["kconv scan (cold cache)"]
    kc = kconv_sites(cold)
    with open(os.path.join(work, "grep.txt")) as f:
        gr = grep_sites(f.read(), args.tree)
    same = json.load(open(cold))["findings"] == json.load(open(outputs["kconv scan --no-prefilter"]))["findings"]
    warm_same = json.load(open(cold))["findings"] == json.load(open(outputs["kconv scan (warm cache)"]))["findings"]
    print(f"\npre-filter and cache change no finding: {same and warm_same}")
    print(f"grep (names) lines also reported by kconv: {recall(kc, gr):.1f}% of {len(gr)}"
          " (the rest: comments, strings, code this configuration does not compile)")
    km = kconv_sites(cold, "page-mapping")
    with open(os.path.join(work, "grep-mapping.txt")) as f:
        gm = grep_sites(f.read(), args.tree)
    print(f"page->mapping: kconv {len(km)} lines; untyped grep '->mapping' {len(gm)} lines "
          f"(precision of grep vs kconv: {100.0 * len(gm & km) / max(1, len(gm)):.1f}%)")
    if have_spatch:
        pm_row = next(r for r in rows if r[0] == "kconv page-mapping only (cold)")
        typed_row = next(r for r in rows if r[0] == "spatch page-mapping (typed)")
        print(f"typed page->mapping: spatch typed / kconv (page-mapping rule only, cold): "
              f"{typed_row[1] / pm_row[1]:.1f}x wall, {typed_row[2] / max(pm_row[2], 0.01):.1f}x cpu; "
              f"kconv lines {len(kconv_sites(outputs['pm']))}")
        for kind in ("untyped", "typed"):
            with open(os.path.join(work, f"spatch-{kind}.txt")) as f:
                sp = spatch_sites(f.read(), args.tree)
            print(f"spatch {kind}: {len(sp)} lines; recall vs kconv {recall(sp, km):.1f}%, "
                  f"kconv recall vs spatch {recall(km, sp):.1f}%")
    both = outputs.get("kconv scan --engine both (warm)")
    if both:
        fs = json.load(open(both))["findings"]
        verified = sum(1 for x in fs if x.get("verified"))
        print(f"--engine both: {len(fs)} sites, {verified} verified by Clang, "
              f"{len(fs) - verified} only by Coccinelle or the lexical scan")
    print(f"\n(work files in {work})")


if __name__ == "__main__":
    main()
