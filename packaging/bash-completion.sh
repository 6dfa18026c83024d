#!/bin/bash
# Usage: bash-completion.sh KCONV OUTFILE
# Writes kconv's bash completion from `kconv --help` and `kconv SUB --help`,
# so every subcommand and option the binary has completes, with no list to
# keep in step by hand.
set -euo pipefail
KCONV=$(realpath "$1")
out=$2
here=$(dirname "$(realpath "$0")")
source "$here/kconv-help.sh"

# Lines joined by spaces (not xargs: its echo would eat an option named -n).
words() { tr '\n' ' ' | sed 's/ $//'; }

# `case` arms of the options of `kconv $sub`, then of the values an option
# takes; "" is kconv itself.
option_arm() {
  local sub=$1
  shift
  printf '    "%s") echo "%s" ;;\n' "$sub" "$(kconv_options "$@" | cut -f1 | words)"
}
value_arms() {
  local sub=$1 names values name
  shift
  kconv_options "$@" | while IFS=$'\t' read -r names values; do
    [[ -n $values ]] || continue
    for name in $names; do printf '    "%s %s") echo "%s" ;;\n' "$sub" "$name" "$values"; done
  done
}

subs=$(kconv_subcommands | words)
[[ -n $subs ]] || { echo "$0: no subcommands in \`$KCONV --help\`" >&2; exit 1; }
{
  cat <<HEAD
# bash completion for kconv. Generated at build time from kconv's --help by
# packaging/bash-completion.sh: change the CLI, not this file.

_kconv_commands="$subs"

# The options of \`kconv \$1\` ("" for kconv itself).
_kconv_options() {
  case \$1 in
$(option_arm "" ; for s in $subs; do option_arm "$s" "$s"; done)
  esac
}

# The values option \$2 of \`kconv \$1\` accepts, where the CLI names them.
_kconv_values() {
  case "\$1 \$2" in
$(for s in $subs; do value_arms "$s" "$s"; done)
  esac
}
HEAD
  cat <<'BODY'

# The subcommand is the first word that is not an option (kconv's own
# options take no value). Anything else an option or a positional takes is
# a path: `complete -o default` falls back to file names.
_kconv() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} sub="" i values
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} != -* ]]; then
      sub=${COMP_WORDS[i]}
      break
    fi
  done
  values=$(_kconv_values "$sub" "$prev")
  if [[ -n $values ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
  elif [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_kconv_options "$sub")" -- "$cur")
  elif [[ -z $sub ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$_kconv_commands" -- "$cur")
  fi
}
complete -o default -F _kconv kconv
BODY
} > "$out.tmp"
bash -n "$out.tmp"
mv "$out.tmp" "$out"
