#!/usr/bin/python3
"""pathnn_sr_ideal.py: what AP path counts with distance encoding can tell
apart on a strongly regular family, under two readouts.

  /usr/bin/python3 bench/pathnn_sr_ideal.py [FILE.g6 [K]]
  (default: $GNN_DATASETS/expressivity/SR/sr251256.g6, K = 4)

For every graph, every simple path of exactly K edges from each root is
annotated with the hop distances of its nodes to the root (the AP-DE
annotation of the last PathNN layer; on these graphs every earlier layer
gives every node the same annotation, so the distances are all that
differs).  Two invariants are compared over all pairs of graphs:

  * node multisets (the spec's idealised, injective PathNN): a node's
    annotation is the multiset of its paths' distance patterns, a graph the
    multiset of its nodes' annotations;
  * totals: the number of paths of each distance pattern in the whole
    graph, which is all a sum readout keeps when the last layer's ReLU does
    not change sign across nodes (each path then adds a fixed vector).

Prints the number of pairs each invariant fails to separate; libgnn's
`fit --model pathnn --iso 1` is compared against them (sr251256, K = 4:
ideal 7, totals 11).  Needs networkx (Debian python3-networkx)."""
import collections
import os
import sys

import networkx as nx


def annotations(g, K):
    dist = dict(nx.all_pairs_shortest_path_length(g))
    adj = {v: sorted(g[v]) for v in g}
    nodes, total = [], collections.Counter()
    for r in g:
        c = collections.Counter()
        stack = [(r,)]
        while stack:
            path = stack.pop()
            if len(path) == K + 1:
                c[tuple(dist[r][x] for x in path)] += 1
                continue
            for w in adj[path[-1]]:
                if w not in path:
                    stack.append(path + (w,))
        nodes.append(frozenset(c.items()))
        total.update(c)
    return frozenset(collections.Counter(nodes).items()), frozenset(total.items())


def main():
    root = os.environ.get("GNN_DATASETS", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets"))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "expressivity", "SR", "sr251256.g6")
    K = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    if not os.path.exists(path):
        print("skip: %s not found (set GNN_DATASETS)" % path)
        return 77
    gs = nx.read_graph6(path)
    if not isinstance(gs, list):
        gs = [gs]
    ann = [annotations(g, K) for g in gs]
    n = len(gs)
    pairs = n * (n - 1) // 2
    same_ideal = sum(ann[a][0] == ann[b][0] for a in range(n) for b in range(a + 1, n))
    same_total = sum(ann[a][1] == ann[b][1] for a in range(n) for b in range(a + 1, n))
    print("%s K=%d: %d graphs, %d pairs" % (os.path.basename(path), K, n, pairs))
    print("pairs not separated, node multisets (ideal PathNN-AP-DE): %d" % same_ideal)
    print("pairs not separated, pattern totals (sum readout, linear regime): %d" % same_total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
