#!/bin/sh
# cli_ricci.sh: gnn-cli curvature and gnn-cli rewire end to end on the
# karate club (built here from the test table's edge list) with named
# nodes: one line per edge with the input's names, the spec's values, the
# node file and report, usage and input errors that leave no output;
# rewire: BORF on a barbell (one edge joining the cliques), the Ricci flow
# communities of GraphRicciCurvature's test; fit --rewire; split codes.
set -u
CLI=${GNN_CLI:-./gnn-cli}
DATA=${GNN_TESTDATA:-${top_srcdir:-..}/tests/data}
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-ricci-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }

# karate with names "m<id>"
awk -v OFS='\t' '{print "m" $1, "m" $2}' "$DATA/karate_orc.tsv" > "$T/k.tsv"
$CLI curvature --input "$T/k.tsv" --method exact -o "$T/c.tsv" --node-curvature "$T/n.tsv" --report "$T/r.json" \
    --quiet 2> "$T/err"
check "curvature exits 0" test $? -eq 0
check "one line per edge" test "$(wc -l < "$T/c.tsv")" -eq 78
check "names of the input" sh -c "awk '\$1 !~ /^m[0-9]+\$/ || \$2 !~ /^m[0-9]+\$/ {exit 1}' '$T/c.tsv'"
# every value within 1e-6 of the table (OTD, alpha 0.5), matched by name
check "karate values (alpha 0.5)" awk -F '\t' 'NR == FNR {k["m" $1 " m" $2] = $3; next}
    {key = $1 " " $2; if (!(key in k)) key = $2 " " $1; d = $3 - k[key]; if (d < 0) d = -d; if (d > 1e-6) exit 1; n++}
    END {exit n != 78}' "$DATA/karate_orc.tsv" "$T/c.tsv"
check "node curvature of m0 (-0.070530)" awk '$1 == "m0" {d = $2 + 0.070530; exit !(d < 1e-6 && d > -1e-6)}' "$T/n.tsv"
check "node file: one line per node" test "$(wc -l < "$T/n.tsv")" -eq 34
check "stderr summary" grep -q '^curvature: 78 edges' "$T/err"
check "report: metrics" grep -q '"kappa_mean": 0.0708' "$T/r.json"
check "report: options in force" grep -q '"alpha": "0.5"' "$T/r.json"
$CLI curvature "$T/k.tsv" --alpha 0 --method exact -o "$T/c0.tsv" --quiet 2> /dev/null
check "alpha 0, positional input: (m0, m31) = -0.854167" awk '$1 == "m0" && $2 == "m31" {d = $3 + 0.854167; f = 1; exit !(d < 1e-6 && d > -1e-6)} END {if (!f) exit 1}' "$T/c0.tsv"

# errors: usage 2, runtime 1, nothing written
$CLI curvature --input "$T/k.tsv" > /dev/null 2>&1
check "missing -o is a usage error (2)" test $? -eq 2
$CLI curvature --input "$T/k.tsv" --alpha 3 -o "$T/bad.tsv" > /dev/null 2> "$T/err"
check "alpha out of range is a usage error (2)" test $? -eq 2
check "... naming the option" grep -q alpha "$T/err"
check "... and writes nothing" test ! -e "$T/bad.tsv"
printf 'a\tb\t-1\n' > "$T/neg.tsv"
echo keep > "$T/old.tsv"
$CLI curvature --input "$T/neg.tsv" -o "$T/old.tsv" > /dev/null 2> "$T/err"
check "negative length fails" test $? -eq 1
check "... leaving the old output intact" grep -q keep "$T/old.tsv"

# rewire borf: barbell(5,0) = two K5 joined by 4-5; one batch, h = 1, k = 0
: > "$T/bb.tsv"
for c in 0 5; do for i in 0 1 2 3 4; do for j in 0 1 2 3 4; do
    [ $i -lt $j ] && printf '%d\t%d\n' $((c + i)) $((c + j)) >> "$T/bb.tsv"
done; done; done
printf '4\t5\n' >> "$T/bb.tsv"
$CLI rewire --method borf --borf 1,1,0 --input "$T/bb.tsv" -o "$T/bb2.tsv" --report "$T/rb.json" --quiet 2> "$T/err"
check "borf exits 0" test $? -eq 0
check "borf: one edge added" test "$(wc -l < "$T/bb2.tsv")" -eq 22
check "borf: it joins the two cliques away from the bridge" sh -c "sort '$T/bb.tsv' > '$T/s1'; sort '$T/bb2.tsv' > '$T/s2';
    comm -13 '$T/s1' '$T/s2' | awk '{a = \$1 < \$2 ? \$1 : \$2; b = \$1 < \$2 ? \$2 : \$1; exit !(a <= 3 && b >= 6)}'"
check "borf: report counts" grep -q '"added": 1, "removed": 0' "$T/rb.json"
$CLI curvature --input "$T/bb2.tsv" --alpha 0 --method exact -o "$T/bbc.tsv" --quiet 2> /dev/null
check "borf: the bridge's curvature rose to -0.8" awk '$1 == 4 && $2 == 5 {d = $3 + 0.8; f = 1; exit !(d < 1e-6 && d > -1e-6)} END {if (!f) exit 1}' "$T/bbc.tsv"
$CLI rewire --method borf --borf 1,0,2 --input "$T/bb.tsv" -o "$T/bb3.tsv" --quiet 2> /dev/null
check "borf: k = 2 removes two edges" test "$(wc -l < "$T/bb3.tsv")" -eq 19
$CLI rewire --method borf --borf 1,x --input "$T/bb.tsv" -o "$T/bb4.tsv" > /dev/null 2>&1
check "borf: a bad N,h,k is a usage error" test $? -eq 2

# rewire ricci-flow: GraphRicciCurvature's community test (p = 1, its denominator)
$CLI rewire --method ricci-flow --input "$T/k.tsv" --exp-power 1 --denominator edge-weight -o "$T/kf.tsv" \
    --communities "$T/kc.tsv" --quiet 2> "$T/err"
check "ricci-flow exits 0" test $? -eq 0
check "ricci-flow: 5 communities at cutoff 1.26136" grep -q '5 communities (cutoff 1.26136)' "$T/err"
check "ricci-flow: {m4 m5 m6 m10 m16} is one community" sh -c "awk '\$1 ~ /^m(4|5|6|10|16)\$/ {c[\$2]++} END {for (k in c) n++; exit n != 1}' '$T/kc.tsv'"
check "ricci-flow: lengths sum to the edge count" awk '{s += $3} END {d = s - 78; exit !(d < 1e-6 && d > -1e-6)}' "$T/kf.tsv"

# fit --rewire and coded splits (node<TAB>codes, split 0 code 0 on the first rows)
$CLI generate sbm --n 120 --k 2 --p-in 0.15 --p-out 0.02 -o "$T/g.tsv" --labels "$T/y.tsv" --quiet > /dev/null
awk -v OFS='\t' '{print $1, $1 % 5 < 3 ? 0 : ($1 % 5 == 3 ? 1 : 2), ($1 + 1) % 5 < 3 ? 0 : 2}' "$T/y.tsv" > "$T/splits.tsv"
$CLI fit --model mpnn --input "$T/g.tsv" --undirected --labels "$T/y.tsv" --splits "$T/splits.tsv" --split-index 0 \
    --epochs 20 --rewire borf:1,5,5 --quiet > "$T/out" 2> "$T/err"
check "fit --rewire exits 0" test $? -eq 0
check "fit --rewire reports the edits" grep -q 'fit: BORF 1,5,5:.*removed' "$T/err"
check "fit --rewire prints the accuracy" grep -q '^test_accuracy' "$T/out"
$CLI fit --model mpnn --input "$T/g.tsv" --labels "$T/y.tsv" --epochs 5 --rewire sdrf:3 --quiet > /dev/null 2>&1
check "fit --rewire with an unknown method is a usage error" test $? -eq 2

if [ $fails -ne 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
