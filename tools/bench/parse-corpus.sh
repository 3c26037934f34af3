#!/bin/sh
# Writes the parse benchmark's input: BuildKit's parser corpus
# (core/tests/conformance/parser/*/Dockerfile, in name order) concatenated and
# repeated until the text reaches the wanted size (default 20 MB).
#
# Parser directives (`# syntax=`, `# escape=`, `# check=`) count only at the
# top of a file, so in a concatenation they would be comments at best; their
# lines are left out, and so are the files written for the backtick escape
# (they read as other instructions under `\`). A file's last line loses a
# trailing escape character, which would join the next file's first line to
# it, and every file ends with a newline: so the whole text parses without a
# syntax error and `layerlab parse --dump json` prints all of it.
# core/benches/parse.rs builds the same text in memory (`corpus::concatenated`).
#
# Usage: tools/bench/parse-corpus.sh OUT [BYTES]
set -eu
out=${1:?usage: parse-corpus.sh OUT [BYTES]}
want=${2:-20000000}
root=$(cd "$(dirname "$0")/../.." && pwd)/core/tests/conformance/parser
once=$(mktemp)
trap 'rm -f "$once"' EXIT
for dir in $(ls "$root" | LC_ALL=C sort); do
    file=$root/$dir/Dockerfile
    if grep -qiE '^[[:space:]]*#[[:space:]]*escape[[:space:]]*=[[:space:]]*`' "$file"; then
        continue
    fi
    { grep -viE '^[[:space:]]*#[[:space:]]*(syntax|escape|check)[[:space:]]*=' "$file" || true; } |
        sed '$ s/[[:space:]]*\\[[:space:]]*$//' >>"$once"
    printf '\n' >>"$once"
done
: >"$out"
size=0
while [ "$size" -lt "$want" ]; do
    cat "$once" >>"$out"
    size=$(wc -c <"$out")
done
