#!/bin/bash
# Usage: man-pages.sh KCONV OUTDIR VERSION
# kconv(1) and one kconv-SUB(1) per subcommand, made by help2man from the
# same --help text users see. The subcommands come from `kconv --help`, so a
# new one gets its page without an edit here. Pages are gzip -9n'd as Debian
# policy asks; man reads them either way.
set -euo pipefail
KCONV=$(realpath "$1")
out=$2
version=$3
here=$(dirname "$(realpath "$0")")
source "$here/kconv-help.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# help2man names a page after the program it runs, and CLI11 prints argv[0]
# in its usage line: a wrapper called kconv-SUB runs `kconv SUB` as "kconv".
wrapper() {
  local name=$1
  shift
  printf '#!/bin/bash\nexec -a kconv %q %s "$@"\n' "$KCONV" "$*" > "$work/$name"
  chmod +x "$work/$name"
}

# The pages name each other; kconv(1) also carries kconv.h2m.
see_also() {
  local self=$1 page
  echo "[SEE ALSO]"
  for page in kconv $(sed 's/^/kconv-/' <<< "$subs"); do
    [[ $page == "$self" ]] || echo ".BR $page (1),"
  done | sed '$ s/,$//'
  [[ $self != kconv ]] || cat "$here/kconv.h2m"
}

page() {
  local name=$1
  shift
  wrapper "$name" "$@"
  see_also "$name" > "$work/$name.h2m"
  "${HELP2MAN:-help2man}" --no-info --section=1 --source="kconv $version" --version-string="$version" \
    --name="$(kconv_summary "$@" | sed 's/^kconv: //')" --include="$work/$name.h2m" \
    --output="$work/$name.1" "$work/$name"
  gzip -9n < "$work/$name.1" > "$work/$name.1.gz"
}

subs=$(kconv_subcommands)
[[ -n $subs ]] || { echo "$0: no subcommands in \`$KCONV --help\`" >&2; exit 1; }
page kconv
for sub in $subs; do
  page "kconv-$sub" "$sub"
done
rm -rf "$out"
mkdir -p "$out"
mv "$work"/*.1.gz "$out"/
