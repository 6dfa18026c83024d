#!/bin/sh
# e2e: `kconv test` on the default tree (Debian's linux-source-6.12): a real
# kernel build (from scratch on a fresh machine, incremental after), a real
# QEMU boot and the three kinds of refcount tests. Passes only if kconv
# exits 0 and its report has results of every kind and no splat.
# Usage: e2e_kconv_test.sh KCONV REPORT_DIR [ARCH]   (ARCH: x86_64, arm64)
set -u
kconv=$1
report=$2
arch=${3:-x86_64}
rm -rf "$report"
start=$(date +%s)
"$kconv" test --arch "$arch" --report-dir "$report"
rc=$?
echo "kconv test exited $rc after $(( $(date +%s) - start )) s"
[ -f "$report/kconv-test.json" ] || { echo "no report written"; exit 1; }
python3 - "$report/kconv-test.json" "$rc" "$arch" <<'PY' || exit 1
import json, sys
report = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
kinds = report["kinds"]
print(json.dumps({"kinds": kinds, "timings_s": report["timings_s"],
                  "convention": report["convention"]["summary"]}, indent=1))
problems = []
if report["tree"]["arch"] != sys.argv[3]:
    problems.append("report for %s, not %s" % (report["tree"]["arch"], sys.argv[3]))
if rc != 0:
    problems.append("exit code %d" % rc)
if report["verdict"] != "pass":
    problems.append("verdict %s" % report["verdict"])
# The floors are what the suites hold today; fewer means tests went missing.
for kind, floor in (("kunit", 14), ("hmm-tests", 20), ("fsdax", 9), ("guest", 5)):
    if kinds[kind]["passed"] < floor:
        problems.append("%s: %d passed, expected at least %d" % (kind, kinds[kind]["passed"], floor))
if report["splats"]:
    problems.append("%d splats" % len(report["splats"]))
for p in problems:
    print("e2e: " + p)
sys.exit(1 if problems else 0)
PY
