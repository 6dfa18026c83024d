#!/usr/bin/env python3
"""Benchmark kconv gate on a header commit against one cold whole-tree scan.

Two one-commit series on a git kernel tree (made on branches of the user's
repository from HEAD, in a temporary worktree: the user's checkout is not
touched), each gated with `kconv gate --no-build` and without --paths, from
a cold cache (its own KCONV_CACHE; the prepared scan configuration is shared,
as scan_bench.py does: it is set-up, not analysis):

  trigger-free  an inline helper added to include/linux/mm.h that no rule
                can match (the gate should cost what it must, not what
                mm.h's 3,800 includers say);
  trigger       an inline helper in mm.h that reads page->mapping (a new
                page-mapping site: the delta must find it);

against one cold `kconv scan --engine clang --no-cache` of the whole tree,
measured in the same run, and (--before) the trigger-free commit gated with
--no-header-shortcut: every reader of mm.h analysed whole, as before the
header shortcut (docs/gate.md, "Header commits"). Prints wall time, CPU time, peak RSS and the
ratio of each to the scan (issue 18's targets: <= 1.0 and <= 1.5), and the
delta each gate reported. Not a test: it asserts nothing about time.

  bench/gate_bench.py --tree GIT_TREE [--kconv build/kconv] [--jobs 2]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COMMITS = {
    "trigger-free": ("mm: add page_bench_order_pages()",
                     "\nstatic inline unsigned long page_bench_order_pages(unsigned int order)\n"
                     "{\n\treturn 1UL << order;\n}\n"),
    "trigger": ("mm: add page_bench_mapping()",
                "\nstatic inline void *page_bench_mapping(struct page *page)\n"
                "{\n\treturn page->mapping;\n}\n"),
}


def measure(argv, env):
    """Runs argv; returns (wall s, cpu s, peak RSS MiB, exit code)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return (time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0,
            os.waitstatus_to_exitcode(status))


def git(tree, *args):
    return subprocess.run(["git", "-C", tree, *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def make_branch(tree, name, subject, addition, work):
    """Branch bench-gate-<name>: HEAD plus `addition` before mm.h's last #endif."""
    wt = os.path.join(work, "wt-" + name)
    branch = "bench-gate-" + name
    git(tree, "worktree", "add", "-q", "-f", "-B", branch, wt, "HEAD")
    path = os.path.join(wt, "include/linux/mm.h")
    with open(path) as f:
        text = f.read()
    at = text.rstrip().rfind("#endif")
    with open(path, "w") as f:
        f.write(text[:at] + addition.lstrip("\n") + "\n" + text[at:])
    git(wt, "-c", "user.name=kconv bench", "-c", "user.email=bench@example.org", "commit", "-q",
        "-a", "-m", subject + "\n\nSigned-off-by: kconv bench <bench@example.org>")
    git(tree, "worktree", "remove", "--force", wt)
    return branch


def delta_of(report):
    """The one commit's delta as the gate table prints it, with the shortcut's figures."""
    try:
        with open(os.path.join(report, "kconv-gate.json")) as f:
            c = json.load(f)["commits"][0]["findings"]
    except (OSError, KeyError, IndexError, ValueError) as e:
        return "no report (%s)" % e
    text = "+%d -%d ~%d over %d TUs" % (len(c["new"]), len(c["removed"]), len(c["moved"]),
                                       c["units"])
    h = c.get("header_shortcut")
    if h and h.get("headers"):
        text += ", confined: %d parsed at the commit" % h["parsed_at_commit"]
    return text


def fresh_env(work, name):
    cache = os.path.join(work, "cache-" + name)
    os.makedirs(cache)
    build = os.path.join(os.path.expanduser("~/.cache/kconv"), "build")
    if os.path.isdir(build):
        os.symlink(build, os.path.join(cache, "build"))
    return dict(os.environ, CI="1", KCONV_CACHE=cache)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", required=True, help="a git repository of a kernel tree")
    ap.add_argument("--kconv", default=os.path.join(ROOT, "build", "kconv"))
    ap.add_argument("--jobs", default=str(os.cpu_count()))
    ap.add_argument("--commits", default=",".join(COMMITS),
                    help="which one-commit series to gate cold (default: all)")
    ap.add_argument("--warm", action="store_true",
                    help="also gate the trigger-free commit after a `kconv scan --engine clang` "
                         "of the tree filled the same cache (the user scanned before)")
    ap.add_argument("--before", action="store_true",
                    help="also gate the trigger-free commit with --no-header-shortcut")
    args = ap.parse_args()
    tree = os.path.abspath(args.tree)
    work = tempfile.mkdtemp(prefix="kconv-gate-bench-")
    rows = []
    try:
        branches = {n: make_branch(tree, n, s, a, work) for n, (s, a) in COMMITS.items()}
        out = os.path.join(work, "scan.json")
        scan = [args.kconv, "scan", "--tree", tree, "--engine", "clang", "--no-cache",
                "--jobs", args.jobs, "--format", "json", "-o", out]
        rows.append(("scan --engine clang --no-cache (cold)",) + measure(scan, fresh_env(work, "scan")) + ("",))
        if args.warm:
            env = fresh_env(work, "warm")
            warm_scan = [args.kconv, "scan", "--tree", tree, "--engine", "clang", "--jobs", args.jobs,
                         "--format", "json", "-o", os.path.join(work, "warm-scan.json")]
            rows.append(("scan --engine clang (fills the cache)",) + measure(warm_scan, env) + ("",))
            report = os.path.join(work, "report-warm")
            gate = [args.kconv, "gate", "HEAD.." + branches["trigger-free"], "--tree", tree,
                    "--no-build", "--jobs", args.jobs, "--report-dir", report]
            rows.append(("gate trigger-free mm.h commit, no --paths (after the scan)",) +
                        measure(gate, env) + (delta_of(report),))
        runs = [(n, b, []) for n, b in branches.items() if n in args.commits.split(",")]
        if args.before:
            runs.append(("trigger-free", branches["trigger-free"], ["--no-header-shortcut"]))
        for name, branch, extra in runs:
            label = name + ("-full" if extra else "")
            report = os.path.join(work, "report-" + label)
            gate = [args.kconv, "gate", "HEAD.." + branch, "--tree", tree, "--no-build",
                    "--jobs", args.jobs, "--report-dir", report] + extra
            m = measure(gate, fresh_env(work, label))
            rows.append(("gate " + name + " mm.h commit, no --paths (cold)" +
                         (" " + " ".join(extra) if extra else ""),) + m + (delta_of(report),))
    finally:
        for branch in ("bench-gate-" + n for n in COMMITS):
            subprocess.run(["git", "-C", tree, "branch", "-q", "-D", branch],
                           capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    scan_wall = rows[0][1]
    print("%-70s %9s %9s %9s %6s %7s  %s" % ("", "wall s", "cpu s", "rss MiB", "exit", "x scan", "delta"))
    for name, wall, cpu, rss, code, delta in rows:
        print("%-70s %9.1f %9.1f %9.0f %6d %7.2f  %s" % (name, wall, cpu, rss, code,
                                                     wall / scan_wall, delta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
