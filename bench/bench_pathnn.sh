#!/bin/sh
# bench_pathnn.sh: PathNN reproduction on the TU graph-classification sets
# (pathnn.md sections 7.1, 8 and 9.1), one table beside the paper's numbers.
#
#   bench_pathnn.sh [GNN_CLI]
#
# For every dataset of DATASETS (ENZYMES PROTEINS IMDB-BINARY, and MUTAG
# PTC_MR as extra rows without a paper number) and every variant of
# VARIANTS (sp sp+ ap), `gnn-cli fit --model pathnn --format tu` with the
# variant's best K in the paper (SP: 1 on all three; SP+: 2, PROTEINS 3;
# AP: 2, PROTEINS 3; MUTAG and PTC_MR: 1, 2, 2), the official fold file of
# Errica et al. when there is one (ENZYMES: CHEMICAL/ENZYMES_splits.json,
# PROTEINS: CHEMICAL/PROTEINS_full_splits.json, IMDB-BINARY:
# COLLABORATIVE_DEGREE/IMDB-BINARY_splits.json; seeded stratified folds
# otherwise) and the reference's inputs (ENZYMES --node-features all,
# PROTEINS labels, IMDB degree; MUTAG selects on validation loss).  The
# full protocol: 10 folds, grid hidden {32, 64} x dropout {0, 0.5}, early
# stopping with patience 250, 3 final runs per fold.  Prints one row per
# dataset and variant: K, test accuracy mean +- std over the folds (%), the
# paper's number, seconds per epoch, the total path count and the seconds
# its extraction took, read from the --report JSON, and the peak memory of
# the run (MB, through /usr/bin/time when it is installed).
#
# Environment: GNN_DATASETS (default ../shared/datasets), DATASETS,
# VARIANTS, K (one K for every row instead of the best ones), QUICK=1 (adds
# --grid 0 --final-runs 1: the default hidden 32 and dropout 0, one run),
# FOLDS (e.g. FOLDS=0: only fold 0, through --fold 0; FOLDS="0 3": those
# folds, one process each, mean +- std over them), EPOCHS (500), THREADS
# (all cores), EXTRA (more gnn-cli options).
set -u
CLI=${1:-${GNN_CLI:-./gnn-cli}}
DS=${GNN_DATASETS:-../shared/datasets}
D=$DS/tu
DATASETS=${DATASETS:-ENZYMES PROTEINS IMDB-BINARY MUTAG PTC_MR}
VARIANTS=${VARIANTS:-sp sp+ ap}
EPOCHS=${EPOCHS:-500}
FOLDS=${FOLDS:-}
THR=${THREADS:+--threads $THREADS}
Q=
[ "${QUICK:-0}" = 1 ] && Q="--grid 0 --final-runs 1"
if [ ! -d "$D" ]; then
    echo "SKIP: $D not found (set GNN_DATASETS)"
    exit 77
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-bpn-XXXXXX")
trap 'rm -rf "$T"' EXIT

# the paper's best K per dataset and variant (spec 9.1)
best_k() {
    case $2 in
    sp) echo 1 ;;
    sp+ | ap) case $1 in PROTEINS | NCI1) echo 3 ;; *) echo 2 ;; esac ;;
    esac
}

# the official number for dataset, variant, K (spec 9.1), "-" if none
paper() {
    case "$1 $2 $3" in
    "ENZYMES sp 1" | "ENZYMES sp+ 1" | "ENZYMES ap 1") echo "73.00+-5.20" ;;
    "ENZYMES sp 2") echo "71.56+-6.42" ;; "ENZYMES sp 3") echo "69.22+-4.66" ;;
    "ENZYMES sp+ 2") echo "72.50+-5.27" ;; "ENZYMES sp+ 3") echo "70.44+-3.11" ;;
    "ENZYMES ap 2") echo "71.78+-4.79" ;; "ENZYMES ap 3") echo "69.00+-5.31" ;;
    "PROTEINS sp 1" | "PROTEINS sp+ 1" | "PROTEINS ap 1") echo "75.20+-3.93" ;;
    "PROTEINS sp 2") echo "73.13+-3.05" ;; "PROTEINS sp 3") echo "72.24+-2.67" ;;
    "PROTEINS sp+ 2") echo "73.10+-3.74" ;; "PROTEINS sp+ 3") echo "73.25+-3.30" ;;
    "PROTEINS ap 2") echo "73.13+-4.91" ;; "PROTEINS ap 3") echo "73.13+-4.01" ;;
    "IMDB-BINARY sp 1" | "IMDB-BINARY sp+ 1" | "IMDB-BINARY ap 1") echo "72.60+-3.28" ;;
    "IMDB-BINARY sp 2") echo "70.83+-3.53" ;; "IMDB-BINARY sp+ 2") echo "70.50+-3.42" ;;
    "IMDB-BINARY ap 2") echo "71.67+-3.62" ;;
    "IMDB-MULTI sp 1" | "IMDB-MULTI sp+ 1" | "IMDB-MULTI ap 1") echo "50.78+-4.46" ;;
    "IMDB-MULTI sp 2") echo "50.04+-4.11" ;; "IMDB-MULTI sp+ 2") echo "50.67+-4.47" ;;
    "IMDB-MULTI ap 2") echo "49.84+-4.19" ;;
    "NCI1 sp 1" | "NCI1 sp+ 1" | "NCI1 ap 1") echo "77.50+-1.64" ;;
    "NCI1 sp 2") echo "82.00+-1.60" ;; "NCI1 sp 3") echo "82.22+-1.70" ;;
    "NCI1 sp+ 2") echo "81.03+-1.44" ;; "NCI1 sp+ 3") echo "82.32+-1.87" ;;
    "NCI1 ap 2") echo "81.26+-1.85" ;; "NCI1 ap 3") echo "82.29+-1.69" ;;
    *) echo "-" ;;
    esac
}

# dataset-specific options: the fold file and the inputs
dsopts() {
    case $1 in
    ENZYMES) s=CHEMICAL/ENZYMES_splits.json; o="--node-features all" ;;
    PROTEINS) s=CHEMICAL/PROTEINS_full_splits.json; o="--node-features labels" ;;
    NCI1) s=CHEMICAL/NCI1_splits.json; o="--node-features labels" ;;
    IMDB-BINARY | IMDB-MULTI) s=COLLABORATIVE_DEGREE/$1_splits.json; o="--node-features degree" ;;
    MUTAG) s=; o="--select loss" ;;
    *) s=; o= ;;
    esac
    if [ -n "$s" ] && [ -f "$D/splits/$s" ]; then
        echo "--splits $D/splits/$s $o"
    else
        [ -n "$s" ] && echo "$1: $D/splits/$s absent: seeded stratified folds" >&2
        echo "$o"
    fi
}

# metric NAME of report FILE, "nan" if absent
metric() {
    "$PY" -c 'import json, sys
m = json.load(open(sys.argv[1])).get("metrics", {})
print(m.get(sys.argv[2], "nan"))' "$1" "$2" 2>/dev/null || echo nan
}

TIME=
[ -x /usr/bin/time ] && TIME="/usr/bin/time -f %M -o $T/mem"
printf '%-12s %-7s %2s %16s %14s %10s %12s %9s %8s\n' dataset variant K "accuracy %" paper "s/epoch" paths "paths s" "peak MB"
for G in $DATASETS; do
    [ -f "$D/$G/${G}_A.txt" ] || { echo "$G: SKIP ($D/$G/${G}_A.txt absent)"; continue; }
    opts=$(dsopts "$G")
    for V in $VARIANTS; do
        k=${K:-$(best_k "$G" "$V")}
        [ -n "$k" ] || { echo "$G $V: SKIP (unknown variant)"; continue; }
        : > "$T/rows"
        for f in ${FOLDS:-all}; do
            fo=
            [ "$f" = all ] || fo="--fold $f"
            # shellcheck disable=SC2086
            echo nan > "$T/mem"
            $TIME "$CLI" fit --model pathnn --format tu --input "$D/$G/$G" --variant "$V" --K "$k" --epochs "$EPOCHS" \
                $opts $Q $fo $THR ${EXTRA:-} --quiet --report "$T/r.json" > "$T/out" 2> "$T/err" ||
                { echo "$G $V K=$k fold $f: FAIL"; cat "$T/err"; continue; }
            echo "$(metric "$T/r.json" test_accuracy) $(metric "$T/r.json" test_accuracy_std) $(metric "$T/r.json" folds)" \
                "$(metric "$T/r.json" seconds_per_epoch) $(metric "$T/r.json" paths)" \
                "$(metric "$T/r.json" paths_seconds) $(tail -n 1 "$T/mem")" >> "$T/rows"
            echo "$G $V K=$k fold $f: test accuracy $(metric "$T/r.json" test_accuracy)" >&2
        done
        [ -s "$T/rows" ] || continue
        # one process: its mean and std over folds; several (FOLDS="a b"):
        # mean and std of their accuracies
        awk -v g="$G" -v v="$V" -v k="$k" -v p="$(paper "$G" "$V" "$k")" '
            { n++; a[n] = 100 * $1; s[n] = 100 * $2; sec += $4; paths = $5; ps = $6; if ($7 + 0 > mem) mem = $7 + 0 }
            END { if (n == 1) { m = a[1]; sd = s[1] }
                  else { for (i = 1; i <= n; i++) m += a[i]; m /= n
                         for (i = 1; i <= n; i++) q += (a[i] - m) ^ 2; sd = sqrt(q / n) }
                  printf "%-12s %-7s %2s %9.2f +- %4.2f %14s %10.3f %12.0f %9.2f %8.0f\n", g, v, k, m, sd, p, sec / n, paths, ps, mem / 1024 }' "$T/rows"
    done
done
