#!/bin/sh
# cli_walkpool.sh: gnn-cli fit --model walkpool and gnn-cli predict end to
# end on a small ring lattice with named nodes: --split with -o test-pair
# scores, --report and --save; the SEAL folder layout (--split-dir); node
# features; predict on pairs; bad input (unknown node, bad option value)
# with messages naming the file and line and no clobbered output.
set -u
CLI=${GNN_CLI:-./gnn-cli}
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-walkpool-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
SMALL="--hidden 8 --walk-length 3 --epochs 3 --lr 5e-3 --batch-size 16 --threads 2 --quiet"

# a ring lattice: node i linked to i+1, i+2, i+3 (mod 80), plus a few chords
awk 'BEGIN { n = 80; for (i = 0; i < n; i++) for (d = 1; d <= 3; d++) print "n" i "\tn" (i + d) % n;
             srand(3); for (k = 0; k < 10; k++) { a = int(rand() * n); b = int(rand() * n); if (a != b) print "n" a "\tn" b } }' \
    > "$T/g.tsv"
$CLI fit --model walkpool --input "$T/g.tsv" --undirected --split 0.8,0.05,0.15 $SMALL -o "$T/s.tsv" \
    --save "$T/m.ckpt" --report "$T/r.json" --log "$T/log.csv" > "$T/out"
check "fit exits 0" test $? -eq 0
auc=$(awk '$1 == "test_auc" {print $2}' "$T/out")
check "test_auc in [0, 1] (got $auc)" awk -v a="$auc" 'BEGIN {exit !(a != "" && a >= 0 && a <= 1)}'
check "report: model walkpool, test_auc, test_ap, valid_auc" \
    sh -c "grep -q '\"model\": *\"walkpool\"' '$T/r.json' && grep -q '\"test_auc\"' '$T/r.json' && grep -q '\"test_ap\"' '$T/r.json' && grep -q '\"valid_auc\"' '$T/r.json'"
check "log: a header and 3 epochs" test "$(wc -l < "$T/log.csv")" -eq 4
check "scores: u v score lines with the input's names" \
    sh -c "test -s '$T/s.tsv' && awk 'NF != 3 || \$1 !~ /^n/ || \$2 !~ /^n/ {exit 1}' '$T/s.tsv'"
printf 'n0\tn1\nn0\tn40\nn5\tn7\n' > "$T/p.tsv"
$CLI predict --load "$T/m.ckpt" --input "$T/g.tsv" --undirected --pairs "$T/p.tsv" -o "$T/ps.tsv"
check "predict --pairs: one score per pair" sh -c "test \$(awk 'NF == 3' '$T/ps.tsv' | wc -l) -eq 3"
$CLI predict --load "$T/m.ckpt" --input "$T/g.tsv" --undirected --head n0 --topk 5 > "$T/top.tsv"
check "predict --topk: 5 ranked lines, n0 itself excluded" \
    sh -c "awk 'NF != 3 || \$1 != NR || \$2 == \"n0\" || (NR > 1 && \$3 > prev) {exit 1} {prev = \$3} END {exit NR != 5}' '$T/top.tsv'"

# ---- the SEAL layout: integer ids, train/test positives and negatives
mkdir -p "$T/split"
awk 'BEGIN { n = 60; for (i = 0; i < n; i++) for (d = 1; d <= 2; d++) { j = (i + d) % n; print (i < j ? i : j) "\t" (i < j ? j : i) } }' \
    > "$T/full.tsv"
awk 'NR % 10 == 3' "$T/full.tsv" > "$T/split/test_pos.tsv"
awk 'NR % 10 != 3' "$T/full.tsv" > "$T/split/train_pos.tsv"
awk 'BEGIN { for (k = 0; k < 12; k++) print k "\t" k + 30 }' > "$T/split/test_neg.tsv"
awk 'BEGIN { for (k = 0; k < 100; k++) { a = k % 60; b = (a + 15 + int(k / 60) * 7) % 60; print (a < b ? a : b) "\t" (a < b ? b : a) } }' \
    > "$T/split/train_neg.tsv"
$CLI fit --model walkpool --input "$T/full.tsv" --split-dir "$T/split" $SMALL --report "$T/r2.json" > "$T/out2"
check "--split-dir fit exits 0" test $? -eq 0
check "--split-dir: a validation set carved from training" grep -q '"valid_pairs": *1[0-9]' "$T/r2.json"

# ---- node features (sparse node<TAB>feature<TAB>value)
awk '{ split($1, a, "n"); print $1 "\t" (a[2] % 4) "\t1" }' "$T/g.tsv" | sort -u > "$T/feat.tsv"
$CLI fit --model walkpool --input "$T/g.tsv" --undirected --features "$T/feat.tsv" $SMALL --save "$T/mf.ckpt" > "$T/out3"
check "fit with --features exits 0" test $? -eq 0
$CLI predict --load "$T/mf.ckpt" --input "$T/g.tsv" --undirected --features "$T/feat.tsv" --pairs "$T/p.tsv" -o "$T/pf.tsv"
check "predict --features: a model trained with features scores the pairs" sh -c "test \$(awk 'NF == 3' '$T/pf.tsv' | wc -l) -eq 3"
$CLI predict --load "$T/mf.ckpt" --input "$T/g.tsv" --undirected --pairs "$T/p.tsv" > /dev/null 2> "$T/err"
check "predict without the features it was trained with: an error that says so" \
    sh -c "test $? -ne 0 && grep -q 'node features' '$T/err'"

# ---- DRNL labels: a fit, the largest label in the report, a saved model that predicts
$CLI fit --model walkpool --input "$T/g.tsv" --undirected --split 0.8,0.05,0.15 --drnl 1 $SMALL \
    --save "$T/md.ckpt" --report "$T/r4.json" > "$T/out4"
check "fit --drnl 1 exits 0" test $? -eq 0
check "--drnl 1: the report names drnl and the largest label (>= 2)" \
    sh -c "grep -q '\"drnl\": *1' '$T/r4.json' && grep -Eq '\"drnl_max_label\": *([2-9]|[1-9][0-9])' '$T/r4.json'"
$CLI predict --load "$T/md.ckpt" --input "$T/g.tsv" --undirected --pairs "$T/p.tsv" -o "$T/pd.tsv"
check "--drnl 1: predict from the checkpoint scores the pairs" sh -c "test \$(awk 'NF == 3' '$T/pd.tsv' | wc -l) -eq 3"

# ---- bad input
printf 'n0\tnobody\n' > "$T/bad.tsv"
echo keep > "$T/keep.tsv"
$CLI predict --load "$T/m.ckpt" --input "$T/g.tsv" --undirected --pairs "$T/bad.tsv" -o "$T/keep.tsv" 2> "$T/err"
check "unknown node: exit 1" test $? -eq 1
check "unknown node: message names file and line" grep -q "bad.tsv:1" "$T/err"
check "failed predict leaves -o untouched" grep -qx keep "$T/keep.tsv"
$CLI fit --model walkpool --input "$T/g.tsv" --undirected --walk-length 0 --quiet > /dev/null 2> "$T/err"
check "walk-length 0: exit 2" test $? -eq 2
$CLI fit --model walkpool --input "$T/g.tsv" --undirected --clusters 3 --quiet > /dev/null 2> "$T/err"
check "an option of another model: exit 2" test $? -eq 2

if [ "$fails" -ne 0 ]; then
    echo "$fails checks failed"
    exit 1
fi
