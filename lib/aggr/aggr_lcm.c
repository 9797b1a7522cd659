/* aggr_lcm.c: the learnable commutative monoid (Ong & Velickovic, LoG
 * 2022).  a (+) b = (GRUCell(a, b) + GRUCell(b, a)) / 2 is commutative by
 * construction; each node's messages are reduced with a balanced binary
 * tree, level by level for all nodes at once: at a level, elements 2i and
 * 2i+1 of a node combine, an odd last element moves up unchanged
 * (lcm-pad=carry, the exact tree), so the depth is ceil(log2 d) and d - 1
 * combines are made.  lcm-pad=pyg instead pads every node to the largest
 * degree with zero vectors that are combined like real elements (PyG).  A
 * node without messages gets the identity: 0, or a learned vector.
 * Composed of gradient-checked ops. */
#include "aggr_impl.h"

#include <stdio.h>
#include <string.h>

static gnn_status_t lcm_setup(gnn_ctx_t *ctx, gnn_aggr_t *ag, const gnn_opts_t *opts, gnn_params_t *ps,
                              const char *prefix) {
    gnn_status_t status = GNN_SUCCESS;
    char name[256];
    const char *pre = prefix ? prefix : "", *dot = pre[0] ? "." : "";
    GNN_ARG_CHECK(ctx, ps != NULL, "lcm aggregator: needs a params set");
    int64_t H = gnn_i_opt_int(opts, &gnn_i_group_aggr, "hidden");
    if (H <= 0) H = ag->in_dim;
    ag->out_dim = H;
    int project = gnn_i_opt_choice(opts, &gnn_i_group_aggr, "project"); /* 0 auto, 1 off, 2 on */
    int use_proj = project == 2 || (project == 0 && ag->in_dim != H);
    GNN_ARG_CHECK(ctx, use_proj || ag->in_dim == H,
                  "lcm aggregator: input width %lld differs from hidden %lld; use project=1", (long long)ag->in_dim,
                  (long long)H);
    if (use_proj) {
        snprintf(name, sizeof name, "%s%sproj", pre, dot);
        GNN_CHECK(gnn_linear_create(ctx, ps, name, ag->in_dim, H, 1, &ag->proj));
    }
    snprintf(name, sizeof name, "%s%scell", pre, dot);
    GNN_CHECK(gnn_gru_create(ctx, ps, name, H, H, &ag->gru));
    if (gnn_i_opt_choice(opts, &gnn_i_group_aggr, "identity") == 1) {
        const int64_t shape[2] = {1, H};
        snprintf(name, sizeof name, "%s%sidentity", pre, dot);
        GNN_CHECK(gnn_params_add(ps, name, 2, shape, &ag->identity));
    }
fail:
    return status;
}

/* one combine level for all nodes: cnt[v] elements at idx[beg[v]..] of Y */
static gnn_status_t lcm_forward(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x,
                                int edge, gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *start, *rowidx;
    gnn_tensor_t *Y = x;
    const int64_t n = g->n, H = ag->out_dim;
    if (ag->proj) {
        GNN_CHECK(gnn_linear_forward(tp, ag->proj, x, &Y));
        GNN_CHECK(gnn_relu(tp, Y, &Y));
    }
    GNN_CHECK(gnn_i_aggr_rows(tp, ag, g, mode, edge, &start, &rowidx));
    int64_t *cnt = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    int64_t *beg = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(n + 1));
    if (cnt == NULL || beg == NULL) return GNN_ENOMEM;
    int64_t D = 0;
    for (int64_t v = 0; v < n; v++) {
        cnt[v] = start[v + 1] - start[v];
        if (cnt[v] > D) D = cnt[v];
    }
    int64_t *idx = rowidx;
    for (int64_t v = 0; v <= n; v++) beg[v] = start[v];
    if (ag->lcm_pyg && D > 0) {
        gnn_tensor_t *zero, *parts[2];
        const int64_t zshape[2] = {1, H};
        GNN_CHECK(gnn_tensor_zeros(tp, 2, zshape, &zero));
        parts[0] = Y;
        parts[1] = zero;
        const int64_t zrow = gnn_i_rows(Y);
        GNN_CHECK(gnn_concat(tp, 2, parts, 0, &Y));
        idx = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(n * D));
        if (idx == NULL) return GNN_ENOMEM;
        for (int64_t v = 0; v < n; v++) {
            for (int64_t t = 0; t < D; t++) idx[v * D + t] = t < cnt[v] ? rowidx[start[v] + t] : zrow;
            cnt[v] = D;
            beg[v] = v * D;
        }
        beg[n] = n * D;
    }
    for (;;) {
        int64_t P = 0, C = 0;
        for (int64_t v = 0; v < n; v++) {
            P += cnt[v] / 2;
            C += cnt[v] % 2;
        }
        if (P == 0) break;
        int64_t *L = gnn_i_arena(tp, sizeof(int64_t) * (size_t)P), *R = gnn_i_arena(tp, sizeof(int64_t) * (size_t)P);
        int64_t *K = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(C > 0 ? C : 1));
        int64_t *nidx = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(P + C));
        int64_t *nbeg = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(n + 1));
        if (!L || !R || !K || !nidx || !nbeg) return GNN_ENOMEM;
        int64_t p = 0, c = 0, w = 0;
        /* pairs first (rows 0..P-1 of the new level), then carried (P..P+C-1) */
        int64_t *carry_pos = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
        if (!carry_pos) return GNN_ENOMEM;
        for (int64_t v = 0; v < n; v++) {
            nbeg[v] = w;
            const int64_t *e = idx + beg[v];
            for (int64_t i = 0; i + 1 < cnt[v]; i += 2) {
                L[p] = e[i];
                R[p] = e[i + 1];
                nidx[w++] = p++;
            }
            carry_pos[v] = -1;
            if (cnt[v] % 2) {
                K[c] = e[cnt[v] - 1];
                carry_pos[v] = w;
                nidx[w++] = c++; /* fixed below: + P */
            }
        }
        nbeg[n] = w;
        for (int64_t v = 0; v < n; v++)
            if (carry_pos[v] >= 0) nidx[carry_pos[v]] += P;
        gnn_tensor_t *A, *B, *X2, *H2, *G, *G1, *G2, *comb, *parts[2];
        GNN_CHECK(gnn_gather_rows(tp, Y, L, P, &A));
        GNN_CHECK(gnn_gather_rows(tp, Y, R, P, &B));
        parts[0] = A, parts[1] = B;
        GNN_CHECK(gnn_concat(tp, 2, parts, 0, &X2));
        parts[0] = B, parts[1] = A;
        GNN_CHECK(gnn_concat(tp, 2, parts, 0, &H2));
        GNN_CHECK(gnn_gru_cell(tp, ag->gru, X2, H2, &G));
        GNN_CHECK(gnn_slice(tp, G, 0, 0, P, &G1));
        GNN_CHECK(gnn_slice(tp, G, 0, P, P, &G2));
        GNN_CHECK(gnn_add(tp, G1, G2, &comb));
        GNN_CHECK(gnn_scale(tp, comb, 0.5f, 0.0f, &comb));
        if (C > 0) {
            gnn_tensor_t *Cg;
            GNN_CHECK(gnn_gather_rows(tp, Y, K, C, &Cg));
            parts[0] = comb, parts[1] = Cg;
            GNN_CHECK(gnn_concat(tp, 2, parts, 0, &Y));
        } else {
            Y = comb;
        }
        for (int64_t v = 0; v < n; v++) cnt[v] = (cnt[v] + 1) / 2;
        idx = nidx;
        beg = nbeg;
        GNN_CHECK(gnn_i_poll(tp->ctx));
    }
    /* every node has 0 or 1 element now; the empty ones take the identity */
    {
        gnn_tensor_t *id = ag->identity, *parts[2], *all;
        if (id == NULL) {
            const int64_t zshape[2] = {1, H};
            GNN_CHECK(gnn_tensor_zeros(tp, 2, zshape, &id));
        }
        parts[0] = Y, parts[1] = id;
        GNN_CHECK(gnn_concat(tp, 2, parts, 0, &all));
        int64_t *pick = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
        if (pick == NULL) return GNN_ENOMEM;
        const int64_t idrow = gnn_i_rows(Y);
        for (int64_t v = 0; v < n; v++) pick[v] = cnt[v] == 1 ? idx[beg[v]] : idrow;
        GNN_CHECK(gnn_gather_rows(tp, all, pick, n, out));
    }
fail:
    return status;
}

const gnn_aggr_impl_t gnn_i_aggr_lcm = {"lcm", lcm_setup, lcm_forward};
