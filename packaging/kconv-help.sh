# kconv's own --help (CLI11's layout) read back, so the man pages and the
# completion follow the CLI without a second list of commands to keep in
# step. Sourced by man-pages.sh and bash-completion.sh; $KCONV is the binary.

# The subcommands, one a line, in the order `kconv --help` lists them.
kconv_subcommands() {
  "$KCONV" --help | awk '/^Subcommands:/ { on = 1; next } /^[^ ]/ { on = 0 }
                         on && /^  [a-z]/ { print $1 }'
}

# The one-line summary `kconv [SUB] --help` starts with.
kconv_summary() {
  "$KCONV" "$@" --help | head -n 1
}

# One line per option of `kconv [SUB]`: its names (-j --jobs), a tab, and
# the values an option typed TEXT:{a,b} accepts (empty for the others). An
# option's type follows its names after one space; two or more start the
# description, which may wrap onto lines of its own.
kconv_options() {
  "$KCONV" "$@" --help | awk '
    /^Options:/ { on = 1; next } /^[^ ]/ { on = 0 }
    on && /^  -/ {
      names = $1; gsub(",", " ", names)
      values = ""
      typed = substr($0, 3 + length($1), 2) ~ /^ [^ ]/
      if (typed && match($2, /\{[^}]*\}/)) {
        values = substr($2, RSTART + 1, RLENGTH - 2); gsub(",", " ", values)
      }
      print names "\t" values
    }'
}
