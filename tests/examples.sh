#!/bin/sh
# examples.sh: the examples build and run: graph_tour on a generated graph,
# mpnn_cora for a few epochs when the Planetoid data is present.
set -u
B=${top_builddir:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-ex-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
"$B/gnn-cli" generate dsbm --n 400 --k 4 -o "$T/g.tsv" --quiet 2>/dev/null
if "$B/examples/graph_tour" "$T/g.tsv" > "$T/out" && grep -q 'edge cut' "$T/out" && grep -q 'link split' "$T/out"; then
    echo "ok   graph_tour"
else
    echo "FAIL graph_tour"; cat "$T/out"; fails=$((fails + 1))
fi
if "$B/examples/digrac_dsbm" 0.05 > "$T/dg" && awk '/DIGRAC ARI/ {exit !($5 >= 0.85)}' "$T/dg"; then
    echo "ok   digrac_dsbm ($(head -n 1 "$T/dg"))"
else
    echo "FAIL digrac_dsbm"; cat "$T/dg"; fails=$((fails + 1))
fi
D=${GNN_DATASETS:-${top_srcdir:-.}/../shared/datasets}
if [ -f "$D/planetoid/cora/edges.tsv" ]; then
    if "$B/examples/mpnn_cora" "$D/planetoid/cora" 3 > "$T/cora" && [ "$(grep -c '^[a-z]' "$T/cora")" -eq 6 ]; then
        echo "ok   mpnn_cora (every aggregator trains)"
    else
        echo "FAIL mpnn_cora"; cat "$T/cora"; fails=$((fails + 1))
    fi
else
    echo "SKIP mpnn_cora: no Cora at $D"
fi
test "$fails" -eq 0
