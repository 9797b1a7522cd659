#!/bin/sh
# cli_nbfnet.sh: gnn-cli fit --model nbfnet and gnn-cli predict end to end
# on small generated data with named nodes: link prediction (--split, -o
# test-pair scores, --save), a knowledge graph (--task kg), predict with
# --pairs and --head/--topk, and bad input (unknown node or relation, missing
# or empty file) with messages naming the file and line and no clobbered
# output.
set -u
CLI=${GNN_CLI:-./gnn-cli}
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-nbfnet-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
SMALL="--hidden 8 --layers 2 --epochs 2 --max-steps 2 --batch-size 8 --batch-groups 1 --threads 2 --quiet"

# ---- link prediction on a named undirected graph
$CLI generate sbm --n 120 --k 2 --p-in 0.15 --p-out 0.02 --seed 5 -o "$T/g0.tsv" --quiet 2>/dev/null ||
    $CLI generate er --n 120 --p 0.06 --seed 5 -o "$T/g0.tsv" --quiet
awk '{print "n" $1 "\tn" $2}' "$T/g0.tsv" > "$T/g.tsv"
$CLI fit --model nbfnet --input "$T/g.tsv" --undirected --split 0.8,0.1,0.1 $SMALL -o "$T/s.tsv" \
    --save "$T/lp.ckpt" --report "$T/r.json" > "$T/out"
check "linkpred fit exits 0" test $? -eq 0
auc=$(awk '$1 == "test_auc" {print $2}' "$T/out")
check "test_auc in [0, 1] (got $auc)" awk -v a="$auc" 'BEGIN {exit !(a != "" && a >= 0 && a <= 1)}'
check "report has test_auc and test_ap" grep -q '"test_auc".*"test_ap"' "$T/r.json"
check "scores: u v score lines with the input's names" sh -c "test -s '$T/s.tsv' && awk 'NF != 3 || \$1 !~ /^n/ || \$2 !~ /^n/ {exit 1}' '$T/s.tsv'"
head -n 3 "$T/g.tsv" > "$T/p.tsv"
$CLI predict --load "$T/lp.ckpt" --input "$T/g.tsv" --undirected --pairs "$T/p.tsv" -o "$T/ps.tsv"
check "predict --pairs: one score per pair" sh -c "test \$(awk 'NF == 3' '$T/ps.tsv' | wc -l) -eq 3"
$CLI predict --load "$T/lp.ckpt" --input "$T/g.tsv" --undirected --head n0 --topk 4 > "$T/top.tsv"
check "predict --topk: 4 ranked lines, best first" sh -c "awk 'NF != 3 || \$1 != NR || (NR > 1 && \$3 > prev) {exit 1} {prev = \$3} END {exit NR != 4}' '$T/top.tsv'"

# ---- a knowledge graph
awk 'BEGIN { srand(7); for (i = 0; i < 400; i++) { h = int(rand() * 60); t = int(rand() * 60); r = int(rand() * 3);
      print "e" h "\tr" r "\te" t } }' > "$T/all.tsv"
head -n 340 "$T/all.tsv" > "$T/train.tsv"
sed -n '341,370p' "$T/all.tsv" > "$T/valid.tsv"
sed -n '371,400p' "$T/all.tsv" > "$T/test.tsv"
$CLI fit --model nbfnet --task kg --input "$T/train.tsv" --valid "$T/valid.tsv" --test "$T/test.tsv" --negatives 4 \
    $SMALL --save "$T/kg.ckpt" > "$T/kg.out"
check "kg fit exits 0" test $? -eq 0
mrr=$(awk '$1 == "test_mrr" {print $2}' "$T/kg.out")
check "filtered test_mrr in (0, 1] (got $mrr)" awk -v a="$mrr" 'BEGIN {exit !(a != "" && a > 0 && a <= 1)}'
check "kg metrics: mr and hits@1/3/10" sh -c "grep -q '^test_mr ' '$T/kg.out' && grep -q '^test_hits@10 ' '$T/kg.out'"
head -n 2 "$T/train.tsv" > "$T/tp.tsv"
$CLI predict --load "$T/kg.ckpt" --input "$T/train.tsv" --pairs "$T/tp.tsv" > "$T/tps.tsv"
check "predict triples: head relation tail score" sh -c "awk 'NF != 4 {exit 1} END {exit NR != 2}' '$T/tps.tsv'"
rel=$(cut -f2 "$T/train.tsv" | head -n 1)
$CLI predict --load "$T/kg.ckpt" --input "$T/train.tsv" --head e1 --relation "$rel^-1" --topk 3 > "$T/kt.tsv"
check "predict heads through the inverse relation" test "$(wc -l < "$T/kt.tsv")" -eq 3
# relation ids follow the file's first mentions: the model keeps the names
$CLI predict --load "$T/kg.ckpt" --input "$T/all.tsv" --pairs "$T/tp.tsv" > "$T/tps2.tsv"
check "predict on a larger graph numbering the relations alike" sh -c "awk 'NF != 4 {exit 1} END {exit NR != 2}' '$T/tps2.tsv'"
sort -t "$(printf '\t')" -k2,2r "$T/train.tsv" > "$T/train_r.tsv"
$CLI predict --load "$T/kg.ckpt" --input "$T/train_r.tsv" --pairs "$T/tp.tsv" > /dev/null 2> "$T/err"
check "relations numbered differently: exit 1 naming both" sh -c "test $? -eq 1 && grep -q 'relation 0 is' '$T/err'"

# ---- bad input
printf 'n0\tnobody\n' > "$T/bad.tsv"
echo keep > "$T/keep.tsv"
$CLI predict --load "$T/lp.ckpt" --input "$T/g.tsv" --undirected --pairs "$T/bad.tsv" -o "$T/keep.tsv" 2> "$T/err"
check "unknown node: exit 1" test $? -eq 1
check "unknown node: message names file and line" grep -q "bad.tsv:1" "$T/err"
check "failed predict leaves -o untouched" grep -qx keep "$T/keep.tsv"
printf 'e1\tno_such_relation\te2\n' > "$T/badr.tsv"
$CLI predict --load "$T/kg.ckpt" --input "$T/train.tsv" --pairs "$T/badr.tsv" 2> "$T/err"
check "unknown relation: exit 1 naming the line" sh -c "test $? -eq 1 && grep -q 'badr.tsv:1' '$T/err'"
: > "$T/empty.tsv"
$CLI fit --model nbfnet --task kg --input "$T/train.tsv" --valid "$T/valid.tsv" --test "$T/empty.tsv" $SMALL 2> "$T/err" > /dev/null
check "empty test file: exit 1 naming it" sh -c "test $? -eq 1 && grep -q 'empty.tsv' '$T/err'"
$CLI predict --load "$T/missing.ckpt" --input "$T/g.tsv" --pairs "$T/p.tsv" 2> "$T/err" > /dev/null
check "missing checkpoint: exit 1 naming it" sh -c "test $? -eq 1 && grep -q 'missing.ckpt' '$T/err'"
$CLI predict --load "$T/lp.ckpt" --input "$T/g.tsv" 2> /dev/null > /dev/null
check "predict without --pairs or --head: usage error" test $? -eq 2

[ $fails -eq 0 ] && echo "all passed" || echo "$fails failed"
[ $fails -eq 0 ]
