#!/bin/sh
# cli_pathnn.sh: gnn-cli fit --model pathnn end to end on MUTAG (TU
# layout): one quick training (--grid 0 --fold 0, 3 epochs, one final run)
# per variant sp, sp+ and ap with --report, -o out-of-fold predictions,
# --probabilities and --save; an official-style fold file; the isomorphism
# test; bad input (missing TU file, bad option values, a fold file with an
# index out of range, too many paths) with messages naming the file and no
# clobbered output.  Skips (77) without the shared datasets.
set -u
CLI=${GNN_CLI:-./gnn-cli}
D=${GNN_DATASETS:-${top_srcdir:-.}/../shared/datasets}
M=$D/tu/MUTAG/MUTAG
if [ ! -f "${M}_A.txt" ]; then
    echo "SKIP: MUTAG not found at $M (set GNN_DATASETS)"
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-pathnn-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
QUICK="--format tu --grid 0 --fold 0 --epochs 3 --final-runs 1 --K 2 --threads 2 --quiet"

# ---- one quick training per variant
for v in sp sp+ ap; do
    $CLI fit --model pathnn --input "$M" $QUICK --variant "$v" -o "$T/o.tsv" --report "$T/r.json" > "$T/out" 2> "$T/err"
    check "$v: fit exits 0" test $? -eq 0
    [ -s "$T/err" ] && cat "$T/err"
    acc=$(awk '$1 == "test_accuracy" {print $2}' "$T/out")
    check "$v: test_accuracy in [0, 1] (got $acc)" awk -v a="$acc" 'BEGIN {exit !(a != "" && a >= 0 && a <= 1)}'
    check "$v: report: model pathnn, variant $v, test_accuracy, paths" \
        sh -c "grep -q '\"model\": *\"pathnn\"' '$T/r.json' && grep -q '\"variant\": *\"$v\"' '$T/r.json' &&
               grep -q '\"test_accuracy\"' '$T/r.json' && grep -q '\"paths\"' '$T/r.json'"
    check "$v: -o: 188 lines index<TAB>class in graph order" \
        sh -c "test \$(wc -l < '$T/o.tsv') -eq 188 &&
               awk -F '\t' 'NF != 2 || \$1 != NR - 1 || \$2 !~ /^-?[0-9]+\$/ {exit 1}' '$T/o.tsv'"
    # fold 0 of 10 stratified folds of 188 graphs: 18 or 19 tested graphs
    check "$v: -o: the fold's test graphs get class 0 or 1, the others -1" \
        awk -F '\t' '$2 == 0 || $2 == 1 {t++; next} $2 != -1 {e = 1; exit} END {exit e || !(t >= 18 && t <= 19)}' "$T/o.tsv"
done

# ---- --probabilities and --save
$CLI fit --model pathnn --input "$M" $QUICK --probabilities "$T/p.tsv" --save "$T/m.ckpt" > "$T/out" 2> "$T/err"
check "--probabilities/--save: fit exits 0" test $? -eq 0
check "--probabilities: 188 lines index p0 p1, rows of tested graphs sum to 1" \
    awk -F '\t' 'NF != 3 || $1 != NR - 1 {e = 1; exit} $2 + $3 > 0 {s = $2 + $3; if (s < 0.999 || s > 1.001) {e = 1; exit}}
                 END {exit e || NR != 188}' "$T/p.tsv"
check "--save: a checkpoint" test -s "$T/m.ckpt"

# ---- predict: the saved model classifies every graph of a set
$CLI predict --load "$T/m.ckpt" --input "$M" --format tu -o "$T/po.tsv" --probabilities "$T/pp.tsv" > "$T/pout" 2> "$T/err"
check "predict: exits 0" test $? -eq 0
check "predict -o: 188 lines index<TAB>class, every class 0 or 1" \
    awk -F '\t' 'NF != 2 || $1 != NR - 1 || ($2 != 0 && $2 != 1) {e = 1; exit} END {exit e || NR != 188}' "$T/po.tsv"
check "predict: accuracy in [0, 1] on stdout" awk '$1 == "accuracy" {a = $2; f = 1} END {exit !(f && a >= 0 && a <= 1)}' "$T/pout"
check "predict: the fit's out-of-fold probabilities for the tested graphs (one run, one fold)" \
    sh -c "paste '$T/p.tsv' '$T/pp.tsv' | awk '\$2 + \$3 > 0 {n++; d = \$2 - \$5; if (d < 0) d = -d; if (d > 1e-6) e = 1}
                                            END {exit e || n < 18}'"
$CLI predict --load "$T/m.ckpt" --input "$M" --pairs "$T/po.tsv" > /dev/null 2> "$T/err"
check "predict: --pairs on a graph model is a usage error (exit 2)" test $? -eq 2

# ---- --quick 1 is --grid 0 --final-runs 1 (whatever those say); --de on is --de yes
$CLI fit --model pathnn --input "$M" --format tu --fold 0 --epochs 2 --K 1 --hidden 16 --threads 2 --quiet \
    --quick 1 --grid 1 --final-runs 3 --de on --probabilities "$T/q1.tsv" > "$T/q1" 2> "$T/err"
check "--quick 1: exits 0" test $? -eq 0
$CLI fit --model pathnn --input "$M" --format tu --fold 0 --epochs 2 --K 1 --hidden 16 --threads 2 --quiet \
    --grid 0 --final-runs 1 --de yes --probabilities "$T/q2.tsv" > "$T/q2" 2> "$T/err"
check "--quick 1 --de on gives the probabilities of --grid 0 --final-runs 1 --de yes" cmp -s "$T/q1.tsv" "$T/q2.tsv"
check "--quick 1: no grid metrics" sh -c "! grep -q '_grid_' '$T/q1'"

# ---- --log: one row per epoch of every final training (3 folds x 2 runs x 2 epochs)
$CLI fit --model pathnn --input "$M" --format tu --folds 3 --grid 0 --final-runs 2 --epochs 2 --K 1 --threads 2 --quiet \
    --log "$T/log.csv" > /dev/null 2> "$T/err"
check "--log: header and 12 rows, epochs 1 2 per training, positive training losses" \
    awk -F, 'NR == 1 {h = ($1 == "epoch" && $3 == "train_loss"); next}
             {n++; if ($1 != (n - 1) % 2 + 1 || !($3 > 0) || $4 < 0 || $4 > 1) bad = 1}
             END {exit !(h && n == 12 && !bad)}' "$T/log.csv"

# ---- an official-style fold file (Errica JSON): two folds over MUTAG
awk 'BEGIN {
    for (f = 0; f < 2; f++) { te = tr = va = ""
        for (i = 0; i < 188; i++) { x = i "";
            if (i % 2 == f) te = te (te == "" ? "" : ", ") x
            else if (i % 10 == 1 || i % 10 == 0) va = va (va == "" ? "" : ", ") x
            else tr = tr (tr == "" ? "" : ", ") x }
        printf "%s{\"test\": [%s],\n \"model_selection\": [{\"train\": [%s],\n \"validation\": [%s]}]}",
            (f ? ",\n" : "["), te, tr, va }
    print "]" }' > "$T/folds.json"
$CLI fit --model pathnn --input "$M" --format tu --splits "$T/folds.json" --grid 0 --epochs 2 --final-runs 1 --K 1 \
    --threads 2 --quiet -o "$T/o2.tsv" > "$T/out" 2> "$T/err"
check "--splits: fit exits 0" test $? -eq 0
check "--splits: two folds, every graph tested once" \
    sh -c "awk '\$1 == \"folds\" {f = \$2 == 2} END {exit !f}' '$T/out' && awk -F '\t' '\$2 != 0 && \$2 != 1 {e = 1; exit} END {exit e || NR != 188}' '$T/o2.tsv'"

# ---- the isomorphism test (untrained float64 embeddings)
$CLI fit --model pathnn --input "$M" --format tu --iso 1 --iso-seeds 1 --hidden 8 --K 2 --quiet > "$T/out" 2> "$T/err"
check "--iso: exits 0" test $? -eq 0
check "--iso: iso_failure_rate in [0, 1] over 17578 pairs" \
    awk '$1 == "iso_failure_rate" {r = $2; f++} $1 == "iso_pairs" {p = $2}
         END {exit !(f == 1 && r >= 0 && r <= 1 && p == 17578)}' "$T/out"

# ---- bad input
echo keep > "$T/keep.tsv"
$CLI fit --model pathnn --input "$T/nowhere/NOPE" $QUICK -o "$T/keep.tsv" > /dev/null 2> "$T/err"
check "missing TU file: exit 1" test $? -eq 1
check "missing TU file: message names the file" grep -q "nowhere/NOPE" "$T/err"
check "failed fit leaves -o untouched" grep -qx keep "$T/keep.tsv"
$CLI fit --model pathnn --input "$M" $QUICK --variant xp > /dev/null 2> "$T/err"
check "unknown variant: exit 2" test $? -eq 2
check "unknown variant: message names the option" grep -q "variant" "$T/err"
$CLI fit --model pathnn --input "$M" --format tu --grid 0 --fold 0 --epochs 3 --final-runs 1 --K 0 --quiet \
    > /dev/null 2> "$T/err"
check "--K 0: exit 2" test $? -eq 2
printf '[{"test": [0, 1, 2],\n "model_selection": [{"train": [3, 4, 5, 188],\n "validation": [6, 7]}]}]\n' \
    > "$T/bad.json"
$CLI fit --model pathnn --input "$M" --format tu --splits "$T/bad.json" --grid 0 --epochs 1 --final-runs 1 --quiet \
    -o "$T/keep.tsv" > /dev/null 2> "$T/err"
check "fold file index out of range: exit 1" test $? -eq 1
check "fold file index out of range: message names file and line" grep -q "bad.json:2" "$T/err"
check "failed fit leaves -o untouched (bad fold file)" grep -qx keep "$T/keep.tsv"
$CLI fit --model pathnn --input "$M" $QUICK --max-paths 100 -o "$T/keep.tsv" > /dev/null 2> "$T/err"
check "max-paths exceeded: exit 1" test $? -eq 1
check "max-paths exceeded: message names max-paths" grep -q "max-paths" "$T/err"
check "failed fit leaves -o untouched (max-paths)" grep -qx keep "$T/keep.tsv"
$CLI fit --model pathnn --input "$M" --format tu --grid 0 --fold 10 --epochs 1 --quiet > /dev/null 2> "$T/err"
check "--fold beyond the folds: fails" test $? -ne 0

if [ "$fails" -ne 0 ]; then
    echo "$fails checks failed"
    exit 1
fi
