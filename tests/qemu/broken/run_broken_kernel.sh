#!/bin/sh
# Runs `kconv test` on a deliberately broken copy of a kernel tree and
# checks the suite catches it: kconv must exit 1 and every test named on
# the command line must have failed.
#
# Usage: run_broken_kernel.sh KCONV PATCH REPORT_DIR [EXPECTED_FAILING_TEST...]
#   (test names as in kconv-test.json: "kind:name", e.g.
#    kunit:kconv_zone_device_refcount.private_alloc_get_put)
#
# The user's tree is never touched: the copy is hard-linked (cp -al) into
# its own kconv cache, and each file the patch changes is first replaced
# by a real copy. The copy sits at the same place relative to its O=
# directory as the clean tree does, so with kconv's CCACHE_BASEDIR the
# broken build reuses the clean build's ccache entries.
# Environment: KCONV_TREE (default ~/.cache/kconv/src/linux-source-6.12),
# KCONV_TEST_ARCH (the guest, default x86_64; arm64 boots qemu-system-aarch64).
set -eu
kconv=$1
patch=$(readlink -f "$2")
report=$3
shift 3
tree=${KCONV_TREE:-$HOME/.cache/kconv/src/linux-source-6.12}
name=$(basename "$patch" .patch)
cache=$HOME/.cache/kconv-broken/$name
copy=$cache/src/$(basename "$tree")

if [ ! -f "$copy/.kconv-patched" ] || [ "$patch" -nt "$copy/.kconv-patched" ]; then
	rm -rf "$copy"
	mkdir -p "$cache/src"
	cp -al "$tree" "$copy"
	for f in $(sed -n 's|^+++ b/||p' "$patch"); do
		cp --remove-destination "$tree/$f" "$copy/$f"
	done
	patch -d "$copy" -p1 --no-backup-if-mismatch < "$patch"
	touch "$copy/.kconv-patched"
fi

rm -rf "$report"
set +e
KCONV_CACHE=$cache "$kconv" test --arch "${KCONV_TEST_ARCH:-x86_64}" --tree "$copy" --report-dir "$report"
rc=$?
set -e
echo "kconv test exited $rc on $name"
python3 - "$report/kconv-test.json" "$rc" "$@" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
failed = {t["kind"] + ":" + t["name"] for t in report["tests"]
          if t["status"] in ("failed", "crashed")}
print("failed tests:", *sorted(failed), sep="\n  ")
print("splats:", *["%s during %s: %s" % (s["kind"], s["section"], s["text"])
                   for s in report["splats"]], sep="\n  ")
problems = []
if rc != 1:
    problems.append("kconv exited %d, expected 1 (a test failure)" % rc)
for want in sys.argv[3:]:
    if want not in failed:
        problems.append("expected %s to fail" % want)
for p in problems:
    print("broken-kernel check: " + p)
sys.exit(1 if problems else 0)
PY
