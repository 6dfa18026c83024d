#!/usr/bin/env python3
"""kconv propose with default options against one cold whole-tree scan.

In one run, with one KCONV_CACHE whose build directory is prepared first
(both sides would share it) and whose per-TU results are removed before
each measured run:
  scan      kconv scan --engine clang --no-cache     (the reference: 1.00x)
  propose   kconv propose --refactor R --tree T      (no --paths, no --check-paths)
Then, per commit of the series, the TUs the compile check compiled and the
headers it proved confined (compiled through one includer per preprocessor
context).

    bench/propose_bench.py --tree GIT_TREE [--refactor pgmap-flags] [--every-includer]

The tree must be a git repository with a clean work tree; the series goes
to the branch kconv/<refactor> (deleted first if it is there).
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

PROGRESS = re.compile(r": \d+% \(\d+/\d+\)$")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(argv, env, steps=None):
    """Wall seconds of argv; with `steps` (a list), also each of kconv's
    status lines on stderr with the seconds until the next one: where a
    propose run's time goes, without a profiler."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            errors="replace", env=env)
    err = []
    for line in proc.stderr:
        err.append(line)
        line = line.strip()
        # Progress lines ("...: 33% (14/42)") belong to the step before them.
        if steps is not None and line.startswith("kconv: ") and not PROGRESS.search(line):
            steps.append([time.monotonic() - start, line[len("kconv: "):]])
    proc.wait()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (proc.returncode, " ".join(argv), "".join(err)[-3000:]))
    return wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", required=True)
    ap.add_argument("--refactor", default="pgmap-flags")
    ap.add_argument("--kconv", default=os.path.join(ROOT, "build", "kconv"))
    ap.add_argument("--jobs", default=str(os.cpu_count()))
    ap.add_argument("--cache", default=None, help="KCONV_CACHE to use (default: a fresh one)")
    ap.add_argument("--every-includer", action="store_true",
                    help="also propose with --check-every-includer (the old default: hours)")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="kconv-propose-bench-")
    env = dict(os.environ, KCONV_CACHE=args.cache or os.path.join(work, "cache"))
    cache = env["KCONV_CACHE"]
    branch = "kconv/" + args.refactor

    def cold():
        for d in ("results", "propose"):
            shutil.rmtree(os.path.join(cache, d), ignore_errors=True)
        subprocess.run(["git", "-C", args.tree, "branch", "-D", branch],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    measure([args.kconv, "scan", "--tree", args.tree, "--engine", "clang", "--no-cache", "-q",
             "--paths", "mm/gup.c", "-o", os.path.join(work, "warmup.json")], env)
    rows = []
    profiles = []
    cold()
    scan = measure([args.kconv, "scan", "--tree", args.tree, "--engine", "clang", "--no-cache", "-q",
                    "-j", args.jobs, "-o", os.path.join(work, "scan.json")], env)
    rows.append(("scan --engine clang --no-cache (cold)", scan))
    runs = [("propose --refactor %s (cold)" % args.refactor, [], "out")]
    if args.every_includer:
        runs.append(("propose ... --check-every-includer (cold)", ["--check-every-includer"], "out-every"))
    for name, extra, out in runs:
        cold()
        steps = []
        wall = measure([args.kconv, "propose", "--refactor", args.refactor, "--tree", args.tree,
                        "-j", args.jobs, "--out", os.path.join(work, out)] + extra, env, steps)
        rows.append((name, wall))
        profiles.append((name, steps, wall))

    print("tree %s, -j %s, %d CPUs" % (args.tree, args.jobs, os.cpu_count()))
    print("%-45s %8s %8s" % ("run", "wall s", "x scan"))
    for name, wall in rows:
        print("%-45s %8.1f %8.2f" % (name, wall, wall / scan))
    for name, steps, wall in profiles:
        print("\n%s, step by step (from its status lines):" % name)
        for i, (at, what) in enumerate(steps):
            until = steps[i + 1][0] if i + 1 < len(steps) else wall
            print("  %7.1f s  %s" % (until - at, what[:90]))
    with open(os.path.join(work, "out", "compile-check.json")) as f:
        checks = json.load(f)
    print("\ncompile check, commit by commit (default options):")
    for i, c in enumerate(checks):
        proven = ", ".join("%s %d of %d" % (h, p["compiled"], p["includers"])
                           for h, p in sorted(c.get("proven_headers", {}).items()))
        unproven = "; ".join("%s: %s" % (h, why) for h, why in sorted(c.get("unproven_headers", {}).items()))
        print("%2d %-70s %5d TUs, %d failed%s%s" % (i + 1, c["subject"][:70], len(c["units"]), c["failed"],
                                                   "; proven " + proven if proven else "",
                                                   "; every includer of " + unproven if unproven else ""))
    print("\n(outputs in %s)" % work)


if __name__ == "__main__":
    main()
