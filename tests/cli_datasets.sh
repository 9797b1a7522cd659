#!/bin/sh
# cli_datasets.sh: gnn-cli info on every graph of ../shared/datasets/linkpred
# reports the node and edge counts of that folder's README table.
set -u
CLI=${GNN_CLI:-./gnn-cli}
D=${GNN_DATASETS:-${top_srcdir:-.}/../shared/datasets}
if [ ! -f "$D/README.md" ]; then
    echo "SKIP: datasets not found at $D (set GNN_DATASETS)"
    exit 77
fi
fails=0 seen=0
# rows of the section-1 table: | USAir | 332 | 2126 | 332 / 2126 | yes |
rows=$(sed -n '/^## 1\./,/^## 2\./p' "$D/README.md" | grep -E '^\| [A-Za-z]+ \| [0-9]+ \| [0-9]+ \|')
while IFS='|' read -r _ name nodes edges _; do
    name=$(echo $name) nodes=$(echo $nodes) edges=$(echo $edges)
    [ -n "$name" ] || continue
    f="$D/linkpred/$name.tsv"
    json=$($CLI info "$f" --undirected --json 2>&1)
    n=$(echo "$json" | sed -n 's/.*"nodes": \([0-9]*\).*/\1/p')
    m=$(echo "$json" | sed -n 's/.*"edges": \([0-9]*\).*/\1/p')
    seen=$((seen + 1))
    if [ "$n" = "$nodes" ] && [ "$m" = "$edges" ]; then
        echo "ok   $name: $n nodes, $m edges"
    else
        echo "FAIL $name: got '$n' nodes, '$m' edges; README says $nodes, $edges"; fails=$((fails + 1))
    fi
done <<EOF2
$rows
EOF2
if [ "$seen" -lt 6 ]; then echo "FAIL: read only $seen rows of the README table"; fails=$((fails + 1)); fi
echo "$fails failed"
test "$fails" -eq 0
