#!/bin/sh
# examples.sh: the examples build and run: graph_tour on a generated graph,
# digrac_dsbm, ricci_borf, nbfnet_linkpred, walkpool_linkpred, pathnn_tu, and mpnn_cora for a few epochs
# when the Planetoid data is present.
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
# ricci_borf: BORF raises the bridge's curvature
if "$B/examples/ricci_borf" > "$T/rb" &&
    awk '/^before/ {b = $NF + 0; split($0, x, "bridge 5-6\\) = "); b = x[2] + 0} /^after/ {split($0, y, "bridge 5-6\\) = "); a = y[2] + 0; f = 1} END {exit !(f && a > b)}' "$T/rb"; then
    echo "ok   ricci_borf ($(tr '\n' ';' < "$T/rb"))"
else
    echo "FAIL ricci_borf"; cat "$T/rb"; fails=$((fails + 1))
fi
if "$B/examples/ricci_borf" "$T/g.tsv" > "$T/rb2" && [ "$(wc -l < "$T/rb2")" -eq 5 ]; then
    echo "ok   ricci_borf on an edge list (five most negative edges)"
else
    echo "FAIL ricci_borf on an edge list"; cat "$T/rb2"; fails=$((fails + 1))
fi
# nbfnet_linkpred: trains, reports AUROC and AP in [0, 1] (better than
# chance) and scores three pairs
if "$B/examples/nbfnet_linkpred" > "$T/nb" &&
    awk '/^test_auc/ {a = $2 + 0; fa = 1} /^test_ap/ {p = $2 + 0; fp = 1} /^score\(/ {k++}
         END {exit !(fa && fp && a > 0.5 && a <= 1 && p > 0 && p <= 1 && k == 3)}' "$T/nb"; then
    echo "ok   nbfnet_linkpred ($(grep '^test_' "$T/nb" | tr '\n' ' '))"
else
    echo "FAIL nbfnet_linkpred"; cat "$T/nb"; fails=$((fails + 1))
fi
# walkpool_linkpred: trains, reports AUC and AP in [0, 1] (better than
# chance) and scores two pairs
if "$B/examples/walkpool_linkpred" > "$T/wp" &&
    awk '/^test_auc/ {a = $2 + 0; fa = 1} /^test_ap/ {p = $2 + 0; fp = 1} /^score\(/ {k++}
         END {exit !(fa && fp && a > 0.6 && a <= 1 && p > 0 && p <= 1 && k == 2)}' "$T/wp"; then
    echo "ok   walkpool_linkpred ($(grep '^test_' "$T/wp" | tr '\n' ' '))"
else
    echo "FAIL walkpool_linkpred"; cat "$T/wp"; fails=$((fails + 1))
fi
D=${GNN_DATASETS:-${top_srcdir:-.}/../shared/datasets}
# pathnn_tu: path counts of one MUTAG graph, a 5-epoch fit on fold 0
if [ -f "$D/tu/MUTAG/MUTAG_A.txt" ]; then
    if "$B/examples/pathnn_tu" "$D/tu/MUTAG/MUTAG" > "$T/pn" &&
        awk '/^test_accuracy/ {a = $2 + 0; f = 1} END {exit !(f && a >= 0 && a <= 1)}' "$T/pn"; then
        echo "ok   pathnn_tu ($(grep '^test_accuracy' "$T/pn"))"
    else
        echo "FAIL pathnn_tu"; cat "$T/pn"; fails=$((fails + 1))
    fi
else
    echo "SKIP pathnn_tu: no MUTAG at $D"
fi
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
