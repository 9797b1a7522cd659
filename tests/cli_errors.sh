#!/bin/sh
# cli_errors.sh: exit codes, messages naming file and line, and outputs that
# a failed run leaves untouched.
set -u
CLI=${GNN_CLI:-./gnn-cli}
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
expect() { # expect NAME CODE PATTERN COMMAND...
    name=$1 code=$2 pat=$3; shift 3
    "$@" > "$T/out" 2> "$T/err"
    rc=$?
    if [ "$rc" -ne "$code" ]; then
        echo "FAIL $name: exit $rc, expected $code"; cat "$T/err"; fails=$((fails + 1))
    elif [ -n "$pat" ] && ! grep -q -- "$pat" "$T/err"; then
        echo "FAIL $name: stderr lacks '$pat':"; cat "$T/err"; fails=$((fails + 1))
    else
        echo "ok   $name"
    fi
}
printf 'a b 1\nb c 2\n# comment\nc d x\n' > "$T/bad.txt"
printf 'a b\n' > "$T/good.txt"
expect "missing file" 1 "nope.txt: cannot open" $CLI info "$T/nope.txt"
expect "bad weight names file:line:col" 1 "bad.txt:4:5: expected a number" $CLI info "$T/bad.txt"
expect "unknown option" 2 "unknown option '--bogus'" $CLI info "$T/good.txt" --bogus
expect "bad option value" 2 "max-line" $CLI info "$T/good.txt" --max-line abc
expect "bad choice" 2 "not one of" $CLI info "$T/good.txt" --format xyz
expect "missing -o" 2 "-o GRAPH is required" $CLI generate dsbm
expect "missing value" 2 "needs a value" $CLI generate dsbm -o
expect "extra argument" 2 "unexpected argument" $CLI info "$T/good.txt" "$T/good.txt"
expect "unknown generator" 2 "unknown generator" $CLI generate foo -o "$T/x"
expect "k > n" 2 "clusters" $CLI generate dsbm --n 3 --k 5 -o "$T/x"
expect "partition without parts" 2 "--parts" $CLI partition "$T/good.txt" -o "$T/p"
expect "partition parts > n" 2 "parts" $CLI partition "$T/good.txt" --parts 9 -o "$T/p"
expect "negative seed" 2 "seed" $CLI generate er --seed -1 -o "$T/x"

# a failed run leaves an existing output byte-identical, and no temp files
printf 'keep me\n' > "$T/out.tsv"
cp "$T/out.tsv" "$T/out.orig"
expect "failing convert" 1 "bad.txt:4" $CLI convert "$T/bad.txt" -o "$T/out.tsv"
if cmp -s "$T/out.tsv" "$T/out.orig" && [ -z "$(ls "$T" | grep '\.tmp\.')" ]; then
    echo "ok   output untouched by a failed run"
else
    echo "FAIL output clobbered or temp file left"; fails=$((fails + 1))
fi
# names that contain the output separator are refused before writing
printf 'a b\tc\n' > "$T/sp.txt"
expect "name with the separator" 2 "separator" $CLI convert "$T/sp.txt" --delimiter tab -o "$T/out.tsv" --out-delimiter space
cmp -s "$T/out.tsv" "$T/out.orig" && echo "ok   still untouched" || { echo "FAIL clobbered"; fails=$((fails + 1)); }

echo "$fails failed"
test "$fails" -eq 0
