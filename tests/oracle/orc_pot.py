#!/usr/bin/python3
"""Reference Ollivier-Ricci curvature (spec ricci.md, section 8.8) with POT.

Library:  orc(G, alpha, base, p, method, denom, directed) -> {(u, v): kappa}
CLI:
  orc_pot.py gen --kind er|ba|tree|grid|er-weighted|ba-weighted|digraph|digraph-weighted
                 --n N --seed S -o EDGES
  orc_pot.py orc --input EDGES [--alpha 0.5] [--exp-power 2] [--base e]
                 [--method otd|sinkhorn|atd] [--denominator distance|edge-weight]
                 [--directed] -o OUT
  orc_pot.py compare --expected A --got B [--tol 1e-6] [--directed]
  orc_pot.py selftest          (the spec's oracles, section 8)

Semantics follow GraphRicciCurvature v0.5.3.2 (HEAD 3fcf12b):
  * m_x(z) = (1-alpha) * b^(-w(x,z)^p) / S over the neighbours z (the top
    nbr_topk by omega), m_x(x) = alpha; S <= 1e-7 -> uniform; no neighbour ->
    all the mass on x.
  * directed: for the arc x->y the source measure is built from x's
    predecessors with omega from w(z,x), the target measure from y's
    successors with omega from w(y,z); distances are directed shortest paths.
  * kappa = 1 - W1 / den, den = d(x,y) ("distance") or w(x,y) ("edge-weight");
    an edge with weight < 1e-7 gets kappa 0.
  * otd: ot.emd2 (target masses rescaled to the source total, as ot.emd does);
    sinkhorn: ot.sinkhorn2(mu, nu, C, 0.1, method='sinkhorn'), which in
    POT 0.8.x returns <pi_reg, C> (no entropy term); atd: closed form.

Only the standard library is imported at start-up; numpy/scipy/POT are
loaded when curvature is computed, so `gen` and `compare` start fast.
"""
import argparse
import math
import random
import sys

EPSILON = 1e-7


# ---------------------------------------------------------------- reading

def read_edges(path, directed=False):
    """Edge list -> (nodes in first-appearance order, edges in input order
    as (u, v, w)).  '#' starts a comment; self-loops are dropped; a repeated
    pair (either orientation when undirected) keeps its first position and
    its last weight."""
    nodes, seen_node = [], set()
    order, weight = [], {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            t = line.split()
            if len(t) < 2:
                raise SystemExit("%s: bad line %r" % (path, line))
            u, v = t[0], t[1]
            w = float(t[2]) if len(t) > 2 else 1.0
            if u == v:
                continue
            for z in (u, v):
                if z not in seen_node:
                    seen_node.add(z)
                    nodes.append(z)
            key = (u, v) if directed else _ukey(u, v)
            if key not in weight:
                order.append((u, v))
            weight[key] = w
    edges = [(u, v, weight[(u, v) if directed else _ukey(u, v)]) for u, v in order]
    return nodes, edges


def _ukey(u, v):
    return (u, v) if _sortkey(u) <= _sortkey(v) else (v, u)


def _sortkey(x):
    try:
        return (0, int(x), "")
    except ValueError:
        return (1, 0, x)


def build_graph(nodes, edges, directed=False):
    import networkx as nx
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(nodes)
    for u, v, w in edges:
        G.add_edge(u, v, weight=w)
    return G


# ---------------------------------------------------------------- curvature

def _measure(G, x, nbrs, wfun, alpha, base, p, topk):
    """(masses, support) of the lazy walk at x over nbrs; support = nbrs + [x]."""
    import numpy as np
    if not nbrs:
        return np.array([1.0]), [x]
    om = [(base ** (-(wfun(z)) ** p), z) for z in nbrs]
    if len(om) > topk:  # library keeps the topk largest (omega, node) pairs
        om = sorted(om, key=lambda t: (t[0], _sortkey(t[1])))[-topk:]
    s = sum(o for o, _ in om)
    if s > EPSILON:
        m = [(1.0 - alpha) * o / s for o, _ in om]
    else:
        m = [(1.0 - alpha) / len(om)] * len(om)
    return np.array(m + [alpha]), [z for _, z in om] + [x]


def orc(G, alpha=0.5, base=math.e, p=2, method="otd", denom="distance",
        directed=None, topk=3000, edges=None, stats=None):
    """Curvature of every edge of G (or of `edges`): {(u, v): kappa}.
    method: otd | sinkhorn | atd.  denom: distance | edge-weight."""
    import numpy as np
    import ot
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import shortest_path

    if directed is None:
        directed = G.is_directed()
    nodes = list(G.nodes())
    ix = {v: i for i, v in enumerate(nodes)}
    r, c, w = [], [], []
    for u, v, d in G.edges(data=True):
        r.append(ix[u]); c.append(ix[v]); w.append(d.get("weight", 1.0))
    n = len(nodes)
    A = csr_matrix((w, (r, c)), shape=(n, n))
    D = shortest_path(A, directed=directed)

    def wt(a, b):
        return G[a][b].get("weight", 1.0)

    if directed:
        src_nbrs = lambda x: list(G.predecessors(x))
        dst_nbrs = lambda y: list(G.successors(y))
    else:
        src_nbrs = dst_nbrs = lambda x: list(G.neighbors(x))

    out = {}
    nwarn = 0
    for u, v in (edges if edges is not None else G.edges()):
        wuv = wt(u, v)
        if wuv < EPSILON:
            out[(u, v)] = 0.0
            continue
        if method == "atd":
            a = [ix[z] for z in src_nbrs(u)]
            b = [ix[z] for z in dst_nbrs(v)]
            if not a or not b:
                raise SystemExit("atd: %s has no %s" % ((u, "predecessor") if not a else (v, "successor")))
            C = D[np.ix_(a, b)]
            _check_cost(C, u, v)
            W = alpha * D[ix[u], ix[v]] + (1.0 - alpha) * C.mean()
        else:
            mu, su = _measure(G, u, src_nbrs(u), lambda z: wt(z, u), alpha, base, p, topk)
            nu, sv = _measure(G, v, dst_nbrs(v), lambda z: wt(v, z), alpha, base, p, topk)
            C = D[np.ix_([ix[z] for z in su], [ix[z] for z in sv])]
            _check_cost(C, u, v)
            if method == "otd":
                W = float(ot.emd2(mu, nu * (mu.sum() / nu.sum()), C))
            elif method == "sinkhorn":
                import warnings
                with warnings.catch_warnings(record=True) as rec:
                    warnings.simplefilter("always")
                    W = ot.sinkhorn2(mu, nu, C, 1e-1, method="sinkhorn")
                nwarn += sum(1 for x in rec if "converge" in str(x.message)
                             or "numerical errors" in str(x.message))
                W = float(np.asarray(W).reshape(-1)[0])
            else:
                raise ValueError("unknown method %r" % method)
        den = wuv if denom == "edge-weight" else D[ix[u], ix[v]]
        out[(u, v)] = 1.0 - W / den
    if stats is not None:
        stats["sinkhorn_warnings"] = nwarn
    return out


def _check_cost(C, u, v):
    import numpy as np
    if not np.all(np.isfinite(C)):
        raise SystemExit("edge %s-%s: a pair of its supports is unreachable "
                         "(directed graph not strongly connected there)" % (u, v))


# ---------------------------------------------------------------- generators

def gen_graph(kind, n, seed):
    """Return (edges [(u, v, w or None)], directed).  Node ids are 0..n-1,
    shuffled, and the edge order and orientation are shuffled too."""
    rng = random.Random(seed)
    weighted = kind.endswith("-weighted")
    base = kind[:-len("-weighted")] if weighted else kind
    directed = base == "digraph"
    pairs = set()

    def add(a, b):
        if a == b:
            return
        key = (a, b) if directed else (min(a, b), max(a, b))
        pairs.add(key)

    if base == "er":
        pr = min(1.0, 5.0 / max(1, n - 1))
        for a in range(n):
            for b in range(a + 1, n):
                if rng.random() < pr:
                    add(a, b)
    elif base == "ba":
        m = 2 if n < 30 else 3
        m = min(m, n - 1)
        targets = list(range(m))
        repeated = []
        for src in range(m, n):
            for t in set(targets):
                add(src, t)
            repeated.extend(targets)
            repeated.extend([src] * m)
            chosen = set()
            while len(chosen) < m:
                chosen.add(rng.choice(repeated))
            targets = list(chosen)
    elif base == "tree":
        for a in range(1, n):
            add(a, rng.randrange(a))
    elif base == "grid":
        rows = max(2, int(math.sqrt(n)))
        cols = max(2, n // rows)
        for i in range(rows):
            for j in range(cols):
                k = i * cols + j
                if j + 1 < cols:
                    add(k, k + 1)
                if i + 1 < rows:
                    add(k, k + cols)
        n = rows * cols
    elif base == "digraph":
        # a directed Hamiltonian cycle (strongly connected, so every directed
        # distance is finite) plus random arcs, some of them reciprocal
        cyc = list(range(n))
        rng.shuffle(cyc)
        for i in range(n):
            add(cyc[i], cyc[(i + 1) % n])
        pr = min(1.0, 2.5 / max(1, n - 1))
        for a in range(n):
            for b in range(n):
                if a != b and rng.random() < pr:
                    add(a, b)
    else:
        raise SystemExit("unknown kind %r" % kind)

    perm = list(range(n))
    rng.shuffle(perm)
    edges = []
    for a, b in sorted(pairs):
        a, b = perm[a], perm[b]
        if not directed and rng.random() < 0.5:
            a, b = b, a
        w = rng.uniform(0.5, 2.0) if weighted else None
        edges.append((a, b, w))
    rng.shuffle(edges)
    return edges, directed


# ---------------------------------------------------------------- compare

def read_kappa(path, directed):
    vals, dup = {}, []
    with open(path) as f:
        for ln, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            t = line.split()
            if len(t) != 3:
                raise SystemExit("%s:%d: expected 'u v kappa', got %r" % (path, ln, line))
            key = (t[0], t[1]) if directed else _ukey(t[0], t[1])
            if key in vals:
                dup.append(key)
            try:
                vals[key] = float(t[2])
            except ValueError:
                raise SystemExit("%s:%d: bad number %r" % (path, ln, t[2]))
    return vals, dup


def compare(expected, got, tol, directed):
    e, dup_e = read_kappa(expected, directed)
    g, dup_g = read_kappa(got, directed)
    bad = 0
    missing = [k for k in e if k not in g]
    extra = [k for k in g if k not in e]
    for name, lst in (("missing from %s" % got, missing), ("extra in %s" % got, extra),
                      ("repeated in %s" % got, dup_g), ("repeated in %s" % expected, dup_e)):
        if lst:
            bad = 1
            print("%d edge(s) %s, e.g. %s" % (len(lst), name, " ".join("%s-%s" % k for k in lst[:5])))
    worst, wk = -1.0, None
    for k in e:
        if k in g:
            d = abs(e[k] - g[k])
            if d != d:  # NaN
                d = math.inf
            if d > worst:
                worst, wk = d, k
    if wk is None:
        print("no common edges")
        return 1
    print("edges=%d max_abs_diff=%.3g worst=%s-%s expected=%.12g got=%.12g"
          % (len(e), worst, wk[0], wk[1], e[wk], g[wk]))
    if not worst <= tol:
        bad = 1
    return bad


# ---------------------------------------------------------------- selftest

def selftest():
    import networkx as nx
    import numpy as np
    import ot
    fails = []

    def chk(name, got, want, tol=5e-7):
        okk = abs(got - want) <= tol
        print("%s %-58s got % .6f want % .6f" % ("ok  " if okk else "FAIL", name, got, want))
        if not okk:
            fails.append(name)

    def one(G, e, **kw):
        return orc(G, **kw)[e] if e in G.edges() else None

    def plain(G):
        H = nx.Graph(); H.add_nodes_from(G.nodes()); H.add_edges_from(G.edges()); return H

    chk("K5 a=0.5", one(plain(nx.complete_graph(5)), (0, 1), alpha=0.5), 0.625)
    chk("K5 a=0", one(plain(nx.complete_graph(5)), (0, 1), alpha=0), 0.75)
    chk("K4 a=0.25", one(plain(nx.complete_graph(4)), (0, 1), alpha=0.25), 1.0)
    chk("K7 a=0.9", one(plain(nx.complete_graph(7)), (0, 1), alpha=0.9), 0.116667, 5e-7)
    chk("C5 a=0.5", one(plain(nx.cycle_graph(5)), (0, 1), alpha=0.5), 0.25)
    chk("C4 a=0.5", one(plain(nx.cycle_graph(4)), (0, 1), alpha=0.5), 0.5)
    chk("star k=3 a=0.6", one(plain(nx.star_graph(3)), (0, 1), alpha=0.6), 0.266667)
    chk("Petersen a=0", one(plain(nx.petersen_graph()), (0, 1), alpha=0), -1 / 3)
    chk("Petersen a=0.5", one(plain(nx.petersen_graph()), (0, 1), alpha=0.5), 0.0)
    chk("Q3 a=0.5", one(plain(nx.hypercube_graph(3)), ((0, 0, 0), (0, 0, 1)), alpha=0.5), 1 / 3)
    g55 = plain(nx.grid_2d_graph(5, 5))
    chk("grid 5x5 corner a=0.5", one(g55, ((0, 0), (0, 1)), alpha=0.5), 1 / 6)
    chk("grid 5x5 interior a=0.5", one(g55, ((2, 2), (2, 3)), alpha=0.5), 0.0)
    bb = plain(nx.barbell_graph(5, 0))
    chk("barbell bridge a=0", one(bb, (4, 5), alpha=0), -1.2)
    chk("barbell bridge a=0.5", one(bb, (4, 5), alpha=0.5), -0.6)
    chk("barbell (3,4) a=0.5", one(bb, (3, 4), alpha=0.5), 0.425)

    # karate, attributes cleared
    K = plain(nx.karate_club_graph())
    k5 = orc(K, alpha=0.5)
    k0 = orc(K, alpha=0.0)
    chk("karate (0,1) a=0.5", k5[(0, 1)], 0.111111)
    chk("karate (0,31) a=0", k0[(0, 31)], -0.854167)
    chk("karate (32,33) a=0", k0[(32, 33)], 0.475490)
    chk("karate mean a=0.5", float(np.mean(list(k5.values()))), 0.070856)
    chk("karate mean a=0", float(np.mean(list(k0.values()))), 0.006721)
    node0 = np.mean([k5[e] if e in k5 else k5[(e[1], e[0])] for e in K.edges(0)])
    chk("karate node 0 a=0.5", float(node0), -0.070530)
    ka = orc(K, alpha=0.5, method="atd")
    chk("karate ATD (0,1)", ka[(0, 1)], -0.343750)
    chk("karate ATD (32,33)", ka[(32, 33)], -0.355392)
    chk("karate ATD <= OTD on all edges: max(0, ATD-OTD)",
        max(0.0, max(ka[e] - k5[e] for e in k5)), 0.0, 1e-12)
    ks = orc(K, alpha=0.5, method="sinkhorn")
    diffs = [k5[e] - ks[e] for e in k5]  # kappa_exact - kappa_sink = (W_s - W_e)/d
    chk("karate sinkhorn-exact W mean", float(np.mean(diffs)), 0.0005, 5e-5)
    chk("karate sinkhorn-exact W max", float(np.max(diffs)), 0.0037, 5e-5)
    chk("karate sinkhorn-exact W min >= 0", min(0.0, float(np.min(diffs))), 0.0, 1e-12)

    # weighted triangle (8.2)
    T = nx.Graph()
    T.add_edge(0, 1, weight=1.0); T.add_edge(1, 2, weight=1.0); T.add_edge(0, 2, weight=3.0)
    for a, exp in ((0.0, (0.000335, 0.999776, 0.999665)), (0.5, (0.500168, 0.666778, 0.500168))):
        kw = orc(T, alpha=a, p=2, denom="edge-weight")
        kd = orc(T, alpha=a, p=2, denom="distance")
        chk("triangle a=%g k01" % a, kw[(0, 1)], exp[0])
        chk("triangle a=%g k12" % a, kw[(1, 2)], exp[0])
        chk("triangle a=%g k02 edge-weight" % a, kw[(0, 2)], exp[1])
        chk("triangle a=%g k02 distance" % a, kd[(0, 2)], exp[2])
    P = nx.Graph()
    P.add_edge(0, 1, weight=1.0); P.add_edge(1, 2, weight=2.0); P.add_edge(2, 3, weight=1.0)
    for p, exp in ((1, (0.596588, -0.096588)), (2, (0.928861, -0.428861))):
        kp = orc(P, alpha=0.5, p=p)
        chk("path 1-2-1 p=%d k01" % p, kp[(0, 1)], exp[0])
        chk("path 1-2-1 p=%d k12" % p, kp[(1, 2)], exp[1])
        chk("path 1-2-1 p=%d k23" % p, kp[(2, 3)], exp[0])

    # directed (8.4)
    DG = nx.DiGraph()
    DG.add_edges_from([(0, 1), (1, 2), (2, 3), (1, 3), (3, 1)])
    kd = orc(DG, alpha=0.5)
    for e, want in (((0, 1), -0.5), ((1, 2), 0.0), ((1, 3), 0.5), ((2, 3), 0.5), ((3, 1), 0.75)):
        chk("directed %d->%d" % e, kd[e], want)

    # sinkhorn2 value = <pi, C> without entropy
    a = np.array([0.2, 0.3, 0.5]); b = np.array([0.5, 0.25, 0.25])
    C = np.array([[0., 1, 2], [1, 0, 1], [2, 1, 3]])
    s2 = float(ot.sinkhorn2(a, b, C, 0.1, method="sinkhorn"))
    pl = ot.sinkhorn(a, b, C, 0.1, method="sinkhorn")
    chk("sinkhorn2 == sum(C*plan)", s2 - float(np.sum(C * pl)), 0.0, 1e-15)
    print("POT %s: %d failure(s)" % (ot.__version__, len(fails)))
    return 1 if fails else 0


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(prog="orc_pot.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--kind", required=True,
                   choices=["er", "ba", "tree", "grid", "er-weighted", "ba-weighted",
                            "digraph", "digraph-weighted"])
    g.add_argument("--n", type=int, required=True)
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("-o", "--output", required=True)
    o = sub.add_parser("orc")
    o.add_argument("--input", required=True)
    o.add_argument("--alpha", type=float, default=0.5)
    o.add_argument("--exp-power", type=float, default=2.0)
    o.add_argument("--base", default="e")
    o.add_argument("--method", choices=["otd", "exact", "sinkhorn", "atd"], default="otd")
    o.add_argument("--denominator", choices=["distance", "edge-weight"], default="distance")
    o.add_argument("--directed", action="store_true")
    o.add_argument("--nbr-topk", type=int, default=3000)
    o.add_argument("-o", "--output", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--expected", required=True)
    c.add_argument("--got", required=True)
    c.add_argument("--tol", type=float, default=1e-6)
    c.add_argument("--directed", action="store_true")
    sub.add_parser("selftest")
    a = ap.parse_args(argv)

    if a.cmd == "gen":
        if a.n < 2:
            raise SystemExit("--n must be >= 2")
        edges, _ = gen_graph(a.kind, a.n, a.seed)
        with open(a.output, "w") as f:
            for u, v, w in edges:
                if w is None:
                    f.write("%d\t%d\n" % (u, v))
                else:
                    f.write("%d\t%d\t%.17g\n" % (u, v, w))
        return 0
    if a.cmd == "orc":
        base = math.e if a.base in ("e", "E") else float(a.base)
        p = int(a.exp_power) if a.exp_power == int(a.exp_power) else a.exp_power
        method = "otd" if a.method == "exact" else a.method
        nodes, edges = read_edges(a.input, a.directed)
        G = build_graph(nodes, edges, a.directed)
        st = {}
        k = orc(G, alpha=a.alpha, base=base, p=p, method=method, denom=a.denominator,
                directed=a.directed, topk=a.nbr_topk, edges=[(u, v) for u, v, _ in edges],
                stats=st)
        if st.get("sinkhorn_warnings"):
            sys.stderr.write("orc_pot: %d sinkhorn problem(s) stopped without converging\n"
                             % st["sinkhorn_warnings"])
        with open(a.output, "w") as f:
            for u, v, _ in edges:
                f.write("%s\t%s\t%.12g\n" % (u, v, k[(u, v)]))
        return 0
    if a.cmd == "compare":
        return compare(a.expected, a.got, a.tol, a.directed)
    if a.cmd == "selftest":
        return selftest()
    return 2


if __name__ == "__main__":
    sys.exit(main())
