#!/usr/bin/env python3
"""Both engines against Clang alone, one run after the other, on one tree.

Measures, in the same run and with no per-TU cache (--no-cache):
  clang   kconv scan --engine clang            (the reference: 1.00x)
  both    kconv scan --engine both --profile   (what the README's first command runs)
  default-gc --ocaml-default-gc: `both` again with OCAMLRUNPARAM set empty, so
          spatch runs with OCaml's own collector settings (cocci/spatch_gc.h),
          and whether its report is byte-identical to `both`
  shards  --shards N: the same as N `--shard K/N` jobs run one after the
          other (as N CI jobs would, each alone on the machine), then kconv
          merge; prints the slowest job (the wall time with N machines) and
          whether the merge is byte-identical to `both`.
Then where the Coccinelle time went, from `both`'s profile: per script and
typing pass, and the 20 slowest spatch processes (with --cocci-batch 1,
files).

    bench/engines_bench.py [--tree DIR] [--paths P...] [--shards 4] [--cocci-batch N] [--ocaml-default-gc]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(argv, env=None):
    start = time.monotonic()
    before = os.times()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    after = os.times()
    wall = time.monotonic() - start
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (proc.returncode, " ".join(argv), proc.stderr[-2000:]))
    return wall, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", default=os.path.expanduser("~/.cache/kconv/src/linux-source-6.12"))
    ap.add_argument("--paths", nargs="*", default=[], help="default: the whole tree")
    ap.add_argument("--kconv", default=os.path.join(ROOT, "build", "kconv"))
    ap.add_argument("--jobs", default=str(os.cpu_count()))
    ap.add_argument("--shards", type=int, default=0)
    ap.add_argument("--cocci-batch", help="default: kconv's own")
    ap.add_argument("--ocaml-default-gc", action="store_true",
                    help="also run both with spatch's collector as OCaml sets it (OCAMLRUNPARAM=)")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="kconv-engines-bench-")
    common = [args.kconv, "scan", "--tree", args.tree, "--no-cache", "-q", "-j", args.jobs,
              "--format", "json"]
    if args.paths:
        common += ["--paths"] + args.paths
    rows = []

    def run(name, extra, out, env=None):
        wall, cpu = measure(common + extra + ["-o", out], env)
        rows.append((name, wall, cpu))
        return wall

    # Prepare the configuration once (both runs would share it anyway).
    measure(common + ["--engine", "clang", "--paths", "mm/gup.c", "-o", os.path.join(work, "warmup.json")])
    clang = run("scan --engine clang --no-cache", ["--engine", "clang"], os.path.join(work, "clang.json"))
    profile = os.path.join(work, "profile.json")
    batch = ["--cocci-batch", args.cocci_batch] if args.cocci_batch else []
    run("scan --engine both --no-cache", ["--engine", "both", "--profile", profile] + batch,
        os.path.join(work, "both.json"))
    same_gc = None
    if args.ocaml_default_gc:
        # OCAMLRUNPARAM set (even empty): kconv leaves spatch's collector alone.
        env = dict(os.environ, OCAMLRUNPARAM="")
        out = os.path.join(work, "both-default-gc.json")
        run("scan --engine both, OCaml's default GC", ["--engine", "both"] + batch, out, env)
        with open(out, "rb") as a, open(os.path.join(work, "both.json"), "rb") as b:
            same_gc = a.read() == b.read()
    identical = None
    if args.shards:
        outs, walls = [], []
        for k in range(1, args.shards + 1):
            out = os.path.join(work, "shard%d.json" % k)
            walls.append(run("  shard %d/%d (both)" % (k, args.shards),
                             ["--engine", "both", "--shard", "%d/%d" % (k, args.shards)] + batch,
                             out))
            outs.append(out)
        merged = os.path.join(work, "merged.json")
        measure([args.kconv, "merge", "-q"] + outs + ["-o", merged])
        rows.append(("shards: slowest job (N machines)", max(walls), 0))
        with open(merged, "rb") as a, open(os.path.join(work, "both.json"), "rb") as b:
            identical = a.read() == b.read()

    print("tree %s, paths %s, -j %s, %d CPUs" % (args.tree, " ".join(args.paths) or "(all)",
                                                args.jobs, os.cpu_count()))
    print("%-40s %8s %8s %8s" % ("run", "wall s", "cpu s", "x clang"))
    for name, wall, cpu in rows:
        print("%-40s %8.1f %8.1f %8.2f" % (name, wall, cpu, wall / clang))
    if same_gc is not None:
        print("both with OCaml's default GC byte-identical to both: %s" % ("yes" if same_gc else "NO"))
    if identical is not None:
        print("merged shards byte-identical to the unsharded both run: %s" % ("yes" if identical else "NO"))
    with open(profile) as f:
        cocci = json.load(f)["cocci"]
    with open(os.path.join(work, "both.json")) as f:
        files = {k: v.get("files") for k, v in json.load(f)["coverage"]["cocci"]["scripts"].items()}
    print("\nCoccinelle: %d spatch processes, %d batches retried" % (cocci["processes"], cocci["batches_retried"]))
    print("%-14s %-22s %7s %9s %12s" % ("script", "pass", "files", "processes", "process s"))
    for script, entry in sorted(cocci["scripts"].items()):
        for p in entry["passes"]:
            print("%-14s %-22s %7d %9d %12.1f" % (script, p["pass"], p["files"], p["processes"],
                                                  p["process_seconds"]))
        print("%-14s %-22s %7s %9s %12s  elapsed %.1f s" % (script, "(all passes)", "", "", "",
                                                             entry["elapsed_seconds"]))
    print("files per script:", files)
    print("\nslowest spatch processes:")
    for p in cocci["slowest_processes"]:
        print("%8.1f s  %-16s %-22s %s" % (p["seconds"], p["script"], p["pass"], " ".join(p["files"])))
    print("\n(outputs in %s)" % work)


if __name__ == "__main__":
    main()
