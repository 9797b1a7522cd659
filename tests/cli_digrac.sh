#!/bin/sh
# cli_digrac.sh: gnn-cli fit --model digrac and the spectral baselines end
# to end on a generated DSBM with named nodes: outputs with the input's
# names, the JSON report, scoring-only labels, bad input.
set -u
CLI=${GNN_CLI:-./gnn-cli}
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-digrac-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
json_field() { sed -n "s/.*\"$2\": \([0-9.eE+-]*\).*/\1/p" "$1" | head -n 1; }

$CLI generate dsbm --n 400 --k 3 --p 0.06 --eta 0.05 --style cyclic --seed 3 -o "$T/g0.tsv" --labels "$T/y0.tsv" --quiet
# named nodes: "v<id>"
awk '{print "v" $1 "\tv" $2}' "$T/g0.tsv" > "$T/g.tsv"
awk '{print "v" $1 "\t" $2}' "$T/y0.tsv" > "$T/y.tsv"
n=$(wc -l < "$T/y.tsv")
$CLI fit --model digrac --input "$T/g.tsv" --clusters 3 --labels "$T/y.tsv" --epochs 300 --baselines herm,disg_lr \
    -o "$T/c.tsv" --probabilities "$T/p.tsv" --report "$T/r.json" --save "$T/m.ckpt" --quiet > "$T/stdout"
check "digrac exits 0" test $? -eq 0
check "stdout has the ARI" grep -q '^ari ' "$T/stdout"
ari=$(json_field "$T/r.json" ari)
check "report: ari >= 0.9 (got $ari)" awk -v a="$ari" 'BEGIN {exit !(a >= 0.9)}'
check "report: every imbalance score" sh -c "for s in sort naive std; do for m in vol_sum vol_min vol_max plain; do grep -q \"\\\"imbalance_\${s}_\$m\\\"\" '$T/r.json' || exit 1; done; done"
check "report: baselines on the same rows" grep -q '"herm.ari".*"disg_lr.imbalance_sort_vol_sum"' "$T/r.json"
check "report: options in force" grep -q '"params": {"clusters": 3, "hidden": 32, "hops": 2' "$T/r.json"
check "assignments: one line per node" test "$(wc -l < "$T/c.tsv")" -eq "$n"
check "assignments carry the input's names" sh -c "awk '\$1 !~ /^v[0-9]+\$/ || \$2 < 0 || \$2 > 2 {exit 1}' '$T/c.tsv'"
check "probabilities: node and 3 columns summing to 1" sh -c "awk 'NF != 4 || (\$2+\$3+\$4 < 0.999) || (\$2+\$3+\$4 > 1.001) {exit 1}' '$T/p.tsv'"
check "checkpoint written" test -s "$T/m.ckpt"

# baselines as models
$CLI fit --model herm_rw --input "$T/g.tsv" --clusters 3 --labels "$T/y.tsv" -o "$T/h.tsv" --quiet > "$T/h.out"
check "herm_rw exits 0 and scores" sh -c "test $? -eq 0 && grep -q '^imbalance_sort_vol_sum' '$T/h.out'"

# bad input
cp "$T/c.tsv" "$T/c.keep"
$CLI fit --model digrac --input "$T/g.tsv" --quiet -o "$T/c.tsv" > /dev/null 2> "$T/err"
check "no --clusters: error naming it" sh -c "test $? -ne 0 && grep -q 'clusters' '$T/err'"
check "a failed run leaves the old output" cmp -s "$T/c.tsv" "$T/c.keep"
$CLI fit --model digrac --input "$T/g.tsv" --clusters 1 --quiet > /dev/null 2> "$T/err"
check "K = 1: error" sh -c "test $? -ne 0 && grep -q '>= 2' '$T/err'"
$CLI fit --model digrac --input "$T/g.tsv" --clusters 100000 --quiet > /dev/null 2> "$T/err"
check "K > n: error" sh -c "test $? -ne 0 && grep -q 'clusters for a graph' '$T/err'"
printf 'v0\t1\nnobody\t2\n' > "$T/badlab.tsv"
$CLI fit --model digrac --input "$T/g.tsv" --clusters 3 --labels "$T/badlab.tsv" --quiet > /dev/null 2> "$T/err"
rc=$?
check "labels naming an unknown node: error with file and line" sh -c "test $rc -eq 1 && grep -q 'badlab.tsv:2' '$T/err'"
: > "$T/empty.tsv"
$CLI fit --model digrac --input "$T/empty.tsv" --clusters 2 --quiet > /dev/null 2> "$T/err"
rc=$?
check "empty graph: a one-line error, no crash" sh -c "test $rc -eq 1 && test \$(wc -l < '$T/err') -eq 1"
test "$fails" -eq 0
