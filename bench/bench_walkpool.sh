#!/bin/sh
# bench_walkpool.sh: WalkPool reproduction on the graphs without attributes
# (walkpool.md sections 2, 7 and 8) beside the common-neighbours and
# Adamic-Adar AUC computed on the same splits in the same run.
#
#   bench_walkpool.sh [GNN_CLI]
#
# For every graph of GRAPHS (USAir NS PB Yeast Celegans Power) and every
# split of SPLITS (1 2 3 ... 10 in the paper) under
# GNN_DATASETS/linkpred/splits/NAME/RATIO/k: `gnn-cli fit --model walkpool
# --split-dir` with the official settings (2 hops, Power 3; PB at most 100
# nodes per hop; walk length 7, 2 heads, hidden 32, Adam 5e-5, batch 32,
# EPOCHS epochs, 5% of the training pairs held out, seeded by the split
# index), the test AUC and AP of the epoch with the best validation AUC;
# and the heuristics on the observed graph (all training positives, as the
# model observes them) for the same test pairs (AUC with ties counted one
# half).  Prints one row per graph: mean and standard deviation over the
# splits, the paper's AUC (unverified in the spec), the seconds per epoch
# and the peak resident memory.
#
# Environment: GNN_DATASETS (default ../shared/datasets), GRAPHS, SPLITS
# ("1 2 3"), RATIO (train0.9; train0.5 for the 50/50 splits), EPOCHS (50),
# THREADS (all cores).
set -u
CLI=${1:-${GNN_CLI:-./gnn-cli}}
DS=${GNN_DATASETS:-../shared/datasets}
D=$DS/linkpred
GRAPHS=${GRAPHS:-USAir NS PB Yeast Celegans Power}
SPLITS=${SPLITS:-1 2 3}
RATIO=${RATIO:-train0.9}
EPOCHS=${EPOCHS:-50}
THR=${THREADS:+--threads $THREADS}
if [ ! -d "$D/splits" ]; then
    echo "SKIP: $D/splits not found (set GNN_DATASETS)"
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-bwp-XXXXXX")
trap 'rm -rf "$T"' EXIT
TIME=
[ -x /usr/bin/time ] && TIME="/usr/bin/time -f %M -o $T/mem"

# AUC (Mann-Whitney, ties one half) of "score label" lines
auc() {
    sort -g "$1" | awk '{ s[NR] = $1; l[NR] = $2 } END {
        i = 1; rank = 0; sp = 0; np = 0; nn = 0
        while (i <= NR) { j = i; while (j < NR && s[j + 1] == s[i]) j++
            r = (i + j) / 2; for (k = i; k <= j; k++) if (l[k] == 1) { sp += r; np++ } else nn++
            i = j + 1 }
        if (np == 0 || nn == 0) print "nan"; else printf "%.6f\n", (sp - np * (np + 1) / 2) / (np * nn) }'
}

# common neighbours and Adamic-Adar of the test pairs on the training positives
heuristics() {
    awk -v cn="$T/cn" -v aa="$T/aa" '
        FILENAME ~ /train_pos/ { a = $1; b = $2; if (!((a, b) in E)) { E[a, b] = 1; E[b, a] = 1; deg[a]++; deg[b]++;
                                 nb[a, deg[a]] = b; nb[b, deg[b]] = a }; next }
        { lab = FILENAME ~ /test_pos/ ? 1 : 0; u = $1; v = $2; c = 0; s = 0
          for (k = 1; k <= deg[u]; k++) { w = nb[u, k]; if ((w, v) in E) { c++; s += 1 / log(deg[w]) } }
          print c, lab > cn; print s, lab > aa }' "$1/train_pos.tsv" "$1/test_pos.tsv" "$1/test_neg.tsv"
}

paper() {
    case $1 in USAir) echo 98.68;; NS) echo 98.95;; PB) echo 95.60;; Yeast) echo 98.37;; Celegans) echo 95.79;;
        Power) echo 92.56;; *) echo "-";; esac
}

printf '%-9s %5s %15s %15s %15s %8s %9s %9s\n' graph runs "walkpool AUC" "CN AUC" "AA AUC" paper "s/epoch" "peak MB"
for G in $GRAPHS; do
    [ -f "$D/$G.tsv" ] || { echo "$G: SKIP ($D/$G.tsv absent)"; continue; }
    hops=2; cap=0
    [ "$G" = Power ] && hops=3
    [ "$G" = PB ] && cap=100
    : > "$T/rows"
    for k in $SPLITS; do
        dir=$D/splits/$G/$RATIO/$k
        [ -d "$dir" ] || { echo "$G split $k: SKIP ($dir absent)"; continue; }
        $TIME "$CLI" fit --model walkpool --input "$D/$G.tsv" --split-dir "$dir" --hops $hops --max-nodes-per-hop $cap \
            --epochs "$EPOCHS" --seed "$k" $THR --quiet > "$T/out" 2> "$T/err" || { echo "$G split $k: FAIL"; cat "$T/err"; continue; }
        heuristics "$dir"
        wa=$(awk '$1 == "test_auc" {print $2}' "$T/out")
        sec=$(awk '$1 == "seconds_per_epoch" {print $2}' "$T/out")
        mem=$(tail -n 1 "$T/mem" 2>/dev/null || echo 0)
        echo "$wa $(auc "$T/cn") $(auc "$T/aa") $sec $mem" >> "$T/rows"
        echo "$G split $k: walkpool $wa, CN $(auc "$T/cn"), AA $(auc "$T/aa"), $sec s/epoch" >&2
    done
    [ -s "$T/rows" ] || continue
    awk -v g="$G" -v p="$(paper "$G")" '
        { n++; for (c = 1; c <= 3; c++) { s[c] += 100 * $c; q[c] += 10000 * $c * $c }; sec += $4; if ($5 > mem) mem = $5 }
        END { printf "%-9s %5d", g, n
              for (c = 1; c <= 3; c++) { m = s[c] / n; v = n > 1 ? (q[c] - n * m * m) / (n - 1) : 0; if (v < 0) v = 0
                  printf " %8.2f +- %4.2f", m, sqrt(v) }
              printf " %8s %9.1f %9.0f\n", p, sec / n, mem / 1024 }' "$T/rows"
done
