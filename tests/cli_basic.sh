#!/bin/sh
# cli_basic.sh: gnn-cli subcommands end to end on generated graphs.
set -u
CLI=${GNN_CLI:-./gnn-cli}
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { # check NAME COMMAND...
    name=$1; shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}
# json_field FILE KEY -> the number after "KEY":
json_field() { sed -n "s/.*\"$2\": \([0-9.eE+-]*\).*/\1/p" "$1" | head -n 1; }

check "version" sh -c "$CLI --version | grep -q 'libgnn'"
$CLI >/dev/null 2>&1; check "no command is a usage error" test $? -eq 2
$CLI frobnicate >/dev/null 2>&1; check "unknown command is a usage error" test $? -eq 2
check "help lists reader options" sh -c "$CLI help info | grep -q -- '--delimiter'"
check "--help on a subcommand" sh -c "$CLI generate --help | grep -q -- '--style'"

# generate + info
check "generate dsbm" $CLI generate dsbm --n 600 --k 3 --p 0.03 --seed 3 -o "$T/g.tsv" --labels "$T/g.lab" --quiet
$CLI info "$T/g.tsv" --json > "$T/info.json" 2>/dev/null
n=$(json_field "$T/info.json" nodes)
m=$(json_field "$T/info.json" edges)
check "info reports nodes" test -n "$n"
check "labels: one line per node" test "$(wc -l < "$T/g.lab")" -eq "$n"
check "edge list: one line per edge" test "$(wc -l < "$T/g.tsv")" -eq "$m"
check "labels are 0..k-1" sh -c "cut -f2 '$T/g.lab' | sort -u | tr '\n' ' ' | grep -qx '0 1 2 '"
check "info text output" sh -c "$CLI info '$T/g.tsv' | grep -q 'strong components'"

# determinism
$CLI generate dsbm --n 600 --k 3 --p 0.03 --seed 3 -o "$T/g2.tsv" --quiet
$CLI generate dsbm --n 600 --k 3 --p 0.03 --seed 4 -o "$T/g3.tsv" --quiet
check "same seed, same graph" cmp -s "$T/g.tsv" "$T/g2.tsv"
check "other seed, other graph" sh -c "! cmp -s '$T/g.tsv' '$T/g3.tsv'"
check "generate sbm undirected" $CLI generate sbm --n 300 --k 3 --p-in 0.1 --p-out 0.01 -o "$T/s.tsv" --quiet
check "generate er G(n,m)" sh -c "$CLI generate er --n 100 --m 250 -o '$T/e.tsv' --quiet && test \$(wc -l < '$T/e.tsv') -eq 250"
$CLI generate er --n 100 --k 3 -o "$T/e2.tsv" >/dev/null 2>&1
check "option of another generator is refused" test $? -eq 2

# convert: dialects, gzip, reordering keeps the edge set under names
check "convert to csv" $CLI convert "$T/g.tsv" -o "$T/g.csv" --out-delimiter comma
check "csv has commas" grep -q ',' "$T/g.csv"
check "convert to gz" $CLI convert "$T/g.csv" -o "$T/g.tsv.gz"
check "gz is gzip" sh -c "gzip -t '$T/g.tsv.gz'"
$CLI info "$T/g.tsv.gz" --json > "$T/info2.json" 2>/dev/null
check "gz round trip keeps counts" test "$(json_field "$T/info2.json" edges)" = "$m"
for order in rcm nd amd part degree; do
    $CLI convert "$T/g.tsv" -o "$T/r.tsv" --order $order 2>/dev/null
    sort "$T/g.tsv" > "$T/a.sorted"; sort "$T/r.tsv" > "$T/b.sorted"
    check "reorder $order keeps the named edge set" cmp -s "$T/a.sorted" "$T/b.sorted"
done
check "convert to hrt needs relations" sh -c "! $CLI convert '$T/g.tsv' -o '$T/x.tsv' --to hrt 2>/dev/null"

# partition
check "partition" $CLI partition "$T/g.tsv" --parts 4 -o "$T/p.tsv" --quiet
check "partition: one line per node" test "$(wc -l < "$T/p.tsv")" -eq "$n"
check "partition: parts 0..3" sh -c "cut -f2 '$T/p.tsv' | sort -u | tr '\n' ' ' | grep -qx '0 1 2 3 '"

# split: SEAL layout, counts add up, negatives are not edges
check "split" $CLI split "$T/g.tsv" -o "$T/split" --valid 0.1 --test 0.2 --quiet
tot=0
for f in train valid test; do
    p=$(wc -l < "$T/split/${f}_pos.tsv"); q=$(wc -l < "$T/split/${f}_neg.tsv")
    check "split $f: as many negatives as positives" test "$p" -eq "$q"
    tot=$((tot + p))
done
check "split positives cover the edges" test "$tot" -eq "$m"
check "test positives are floor(0.2 m)" test "$(wc -l < "$T/split/test_pos.tsv")" -eq $((m / 5))
cat "$T/split/"*_neg.tsv | sort > "$T/neg.sorted"
sort "$T/g.tsv" > "$T/pos.sorted"
check "negatives are not edges" test -z "$(comm -12 "$T/neg.sorted" "$T/pos.sorted")"

echo "$fails failed"
test "$fails" -eq 0
