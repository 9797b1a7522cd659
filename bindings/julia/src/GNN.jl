"""
    GNN

Julia bindings to libgnn, a graph neural network toolkit written in C, through
`ccall`: graphs from edge vectors or a `SparseMatrixCSC`, any model of the
library (`fit`, `predict`), Ollivier-Ricci curvature (`curvature`), BORF
rewiring (`rewire`) and the directed SBM generator (`generate_dsbm`).

Errors of the library are thrown as `GNNError` with the library's message.
C objects held by a fitted `Model` are released by its finalizer (or at once
with `close(model)`); temporaries of the other calls are released before
they return, also on error.

The shared library is `libgnn` on the loader's path; set `ENV["LIBGNN"]` to
its full path before `using GNN` to choose another one.

Every `ccall` of this file is checked against libgnn's public headers by
`bindings/julia/check_ccalls.py` (run by libgnn's `make check`): exported
symbol, number and C types of the arguments, return type.
"""
module GNN

using SparseArrays

export Graph, GraphSet, read_graphs, GNNError, Model, fit, predict, metrics, history, outputs, assignments, options,
       score_pairs, curvature, node_curvature, rewire, generate, generate_dsbm, models,
       interrupt!, save, load

const libgnn = get(ENV, "LIBGNN", "libgnn")

# status codes and flags of the C API (gnn/error.h, gnn/graph.h)
const GNN_EINTERRUPTED = -10
const GNN_UNDIRECTED = Cint(1)
const GNN_DUP_FIRST = Cint(3 << 4)
const GNN_LOOPS_DROP = Cint(1 << 8)
const GNN_SPLIT_TEST = Cint(2)

# link-prediction models: trained on a split of the graph's edges
const LINK_MODELS = ("nbfnet", "walkpool")

"""
    GNNError(code, msg)

An error of libgnn: its status code (`gnn/error.h`) and message (the
context's, naming the file, line or option concerned).  An interrupted
computation gives code -10 and message "interrupted".
"""
struct GNNError <: Exception
    code::Int
    msg::String
end
Base.showerror(io::IO, e::GNNError) = print(io, "GNNError(", e.code, "): ", e.msg)

# ------------------------------------------------------------------ contexts

# The interrupt hook: ud points at an Int32 flag that interrupt! sets.
function _interrupt_hook(ud::Ptr{Cvoid})::Cint
    return unsafe_load(Ptr{Int32}(ud)) != 0 ? Cint(1) : Cint(0)
end
const _INTERRUPT_HOOK = Ref{Ptr{Cvoid}}(C_NULL)

function __init__()
    _INTERRUPT_HOOK[] = @cfunction(_interrupt_hook, Cint, (Ptr{Cvoid},))
end

function _errmsg(ctx::Ptr{Cvoid}, st::Integer)
    st == GNN_EINTERRUPTED && return "interrupted"
    msg = ctx == C_NULL ? "" : unsafe_string(ccall((:gnn_ctx_errmsg, libgnn), Cstring, (Ptr{Cvoid},), ctx))
    if isempty(msg)
        msg = unsafe_string(ccall((:gnn_strerror, libgnn), Cstring, (Cint,), st))
    end
    return msg
end

_check(ctx::Ptr{Cvoid}, st::Integer) = st < 0 ? throw(GNNError(Int(st), _errmsg(ctx, st))) : Int(st)

# A context with seed, threads and the interrupt hook reading `stop`.
function _ctx_new(seed::Integer, threads::Integer, stop::Vector{Int32})
    seed >= 0 || throw(ArgumentError("seed must be >= 0"))
    threads >= 0 || throw(ArgumentError("threads must be >= 0 (0: all cores)"))
    out = Ref{Ptr{Cvoid}}(C_NULL)
    st = ccall((:gnn_ctx_create, libgnn), Cint, (Ref{Ptr{Cvoid}},), out)
    st < 0 && throw(GNNError(Int(st), "cannot create a libgnn context (out of memory)"))
    ctx = out[]
    try
        _check(ctx, ccall((:gnn_ctx_set_seed, libgnn), Cint, (Ptr{Cvoid}, UInt64), ctx, UInt64(seed)))
        _check(ctx, ccall((:gnn_ctx_set_threads, libgnn), Cint, (Ptr{Cvoid}, Int64), ctx, Int64(threads)))
        _check(ctx, ccall((:gnn_ctx_set_interrupt, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cvoid}),
                          ctx, _INTERRUPT_HOOK[], pointer(stop)))
    catch
        _ctx_free(ctx)
        rethrow()
    end
    return ctx
end

function _ctx_free(ctx::Ptr{Cvoid})
    ctx == C_NULL && return nothing
    ccall((:gnn_ctx_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(ctx))
    return nothing
end

# Run f(ctx) with a temporary context; freed on return and on error.
function _with_ctx(f, seed::Integer, threads::Integer)
    stop = Int32[0]
    ctx = _ctx_new(seed, threads, stop)
    try
        return GC.@preserve stop f(ctx)
    finally
        _ctx_free(ctx)
    end
end

# ------------------------------------------------------------------ options

_optstring(v::Bool) = v ? "1" : "0"
_optstring(v::Integer) = string(v)
_optstring(v::AbstractFloat) = isinteger(v) && abs(v) < 2.0^53 ? string(Int64(v)) : repr(Float64(v))
_optstring(v::AbstractString) = String(v)
_optstring(v::Symbol) = String(v)
_optstring(v::Union{AbstractVector,Tuple}) = join((_optstring(x) for x in v), ",")

# Options from keyword arguments; the caller destroys them (_opts_free).
function _opts_new(kw)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    st = ccall((:gnn_opts_create, libgnn), Cint, (Ref{Ptr{Cvoid}},), out)
    st < 0 && throw(GNNError(Int(st), "out of memory"))
    o = out[]
    try
        for (k, v) in kw # keyword arguments or a vector of Symbol => value
            name = replace(String(k), '_' => '-') # final_runs=1 is the library's final-runs
            st = ccall((:gnn_opts_set, libgnn), Cint, (Ptr{Cvoid}, Cstring, Cstring), o, name, _optstring(v))
            st < 0 && throw(GNNError(Int(st), "option '$name' cannot be set"))
        end
    catch
        _opts_free(o)
        rethrow()
    end
    return o
end

function _opts_free(o::Ptr{Cvoid})
    o == C_NULL && return nothing
    ccall((:gnn_opts_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(o))
    return nothing
end

# ------------------------------------------------------------------ graphs

"""
    Graph(src, dst; n=0, weights=nothing, directed=true, names=nothing)
    Graph(from_names, to_names; weights=nothing, directed=true, nodes=nothing)
    Graph(A::SparseMatrixCSC; directed=true)

A graph for libgnn: `n` nodes with 1-based ids, edges `src[i] -> dst[i]`,
optional weights and node names.  Node names (strings) are numbered in order
of first appearance unless `nodes` lists them.  For a sparse matrix,
`A[i, j]` is the weight of `i -> j`; with `directed=false` the upper
triangle (with the diagonal) is read.
"""
struct Graph
    n::Int
    src::Vector{Int64}
    dst::Vector{Int64}
    weight::Union{Nothing,Vector{Float64}}
    directed::Bool
    names::Union{Nothing,Vector{String}}
end

function Graph(src::AbstractVector{<:Integer}, dst::AbstractVector{<:Integer}; n::Integer=0,
               weights=nothing, directed::Bool=true, names=nothing)
    length(src) == length(dst) || throw(ArgumentError("src and dst differ in length"))
    if any(<(1), src) || any(<(1), dst)
        throw(ArgumentError("node ids are 1-based"))
    end
    nn = max(Int(n), isempty(src) ? 0 : Int(max(maximum(src), maximum(dst))),
             names === nothing ? 0 : length(names))
    nn >= 1 || throw(ArgumentError("empty graph: no nodes"))
    w = nothing
    if weights !== nothing
        length(weights) == length(src) || throw(ArgumentError("weights: one per edge"))
        all(isfinite, weights) || throw(ArgumentError("weights: missing or infinite value"))
        w = Vector{Float64}(weights)
    end
    nm = names === nothing ? nothing : Vector{String}(names)
    nm !== nothing && length(nm) != nn && throw(ArgumentError("names: $(length(nm)) names for $nn nodes"))
    return Graph(nn, Vector{Int64}(src), Vector{Int64}(dst), w, directed, nm)
end

function Graph(from::AbstractVector{<:AbstractString}, to::AbstractVector{<:AbstractString};
               weights=nothing, directed::Bool=true, nodes=nothing)
    length(from) == length(to) || throw(ArgumentError("from and to differ in length"))
    names = String[]
    id = Dict{String,Int}()
    if nodes !== nothing
        for s in nodes
            haskey(id, s) && throw(ArgumentError("nodes: '$s' appears twice"))
            push!(names, s)
            id[s] = length(names)
        end
    end
    src = Vector{Int64}(undef, length(from))
    dst = Vector{Int64}(undef, length(to))
    for i in eachindex(from, to)
        for (s, out) in ((from[i], src), (to[i], dst))
            if !haskey(id, s)
                nodes === nothing || throw(ArgumentError("edge $i: node '$s' is not in nodes"))
                push!(names, s)
                id[s] = length(names)
            end
            out[i] = id[s]
        end
    end
    return Graph(src, dst; n=length(names), weights=weights, directed=directed, names=names)
end

function Graph(A::SparseMatrixCSC; directed::Bool=true)
    size(A, 1) == size(A, 2) || throw(ArgumentError("an adjacency matrix must be square"))
    I, J, V = findnz(A)
    if !directed
        keep = I .<= J
        I, J, V = I[keep], J[keep], V[keep]
    end
    return Graph(I, J; n=size(A, 1), weights=Float64.(V), directed=directed)
end

Graph(g::Graph) = g

function Base.show(io::IO, g::Graph)
    print(io, "GNN.Graph(", g.directed ? "directed" : "undirected", ", ", g.n, " nodes, ",
          length(g.src), g.directed ? " arcs" : " edges", g.weight === nothing ? "" : ", weighted",
          g.names === nothing ? "" : ", named nodes", ")")
end

"""
    GraphSet(graphs; labels=nothing, features=nothing, label_columns=0)

A set of graphs with one class per graph, for graph classification (PathNN:
`fit(set, "pathnn"; ...)`).  `graphs` are `Graph`s (or anything `Graph`
accepts; an edge tuple `(src, dst)` is read as undirected).  `labels`: one
per graph, any values (sorted into classes 0..C-1).  `features`: one matrix
stacking the nodes of all graphs in order, or a vector of per-graph
matrices; its first `label_columns` columns are one-hot node labels.
"""
struct GraphSet
    graphs::Vector{Graph}
    labels::Union{Nothing,Vector{Int64}}
    levels::Vector{Any}
    features::Union{Nothing,Matrix{Float64}}
    label_columns::Int
end

function GraphSet(graphs::AbstractVector; labels=nothing, features=nothing, label_columns::Integer=0)
    isempty(graphs) && throw(ArgumentError("graphs: need at least one graph"))
    gs = Graph[x isa Tuple ? Graph(x...; directed=false) : Graph(x) for x in graphs]
    codes, levels = nothing, Any[]
    if labels !== nothing
        any(x -> x === missing || x === nothing, labels) && throw(ArgumentError("labels: every graph needs a label"))
        codes, levels = _label_codes(labels, length(gs))
    end
    sizes = [g.n for g in gs]
    X = nothing
    if features isa AbstractVector
        length(features) == length(gs) || throw(ArgumentError("features: $(length(features)) matrices for $(length(gs)) graphs"))
        for (i, f) in enumerate(features)
            size(f, 1) == sizes[i] || throw(ArgumentError("features: graph $i has $(sizes[i]) nodes but $(size(f, 1)) rows"))
        end
        X = Matrix{Float64}(reduce(vcat, features))
    elseif features !== nothing
        X = Matrix{Float64}(features)
        size(X, 1) == sum(sizes) || throw(ArgumentError("features: $(size(X, 1)) rows for $(sum(sizes)) nodes"))
    end
    X !== nothing && !all(isfinite, X) && throw(ArgumentError("features: missing or infinite value"))
    0 <= label_columns <= (X === nothing ? 0 : size(X, 2)) ||
        throw(ArgumentError("label_columns: more columns than the features have"))
    return GraphSet(gs, codes, levels, X, Int(label_columns))
end

GraphSet(s::GraphSet) = s

function Base.show(io::IO, s::GraphSet)
    n = [g.n for g in s.graphs]
    print(io, "GNN.GraphSet(", length(s.graphs), " graphs, ", minimum(n), " to ", maximum(n), " nodes",
          s.labels === nothing ? ", unlabelled" : ", $(length(s.levels)) classes",
          s.features === nothing ? "" : ", $(size(s.features, 2)) feature columns", ")")
end

# The library's graph of g (the caller destroys it with _graph_free).
function _cgraph(ctx::Ptr{Cvoid}, g::Graph, flags::Cint, directed::Bool=g.directed)
    m = length(g.src)
    src = g.src .- 1
    dst = g.dst .- 1
    w = g.weight === nothing ? Float32[] : Float32.(g.weight)
    wp = g.weight === nothing ? Ptr{Float32}(C_NULL) : pointer(w)
    fl = (directed ? Cint(0) : GNN_UNDIRECTED) | flags
    out = Ref{Ptr{Cvoid}}(C_NULL)
    GC.@preserve w begin
        _check(ctx, ccall((:gnn_graph_from_edges, libgnn), Cint,
                          (Ptr{Cvoid}, Int64, Int64, Ptr{Int64}, Ptr{Int64}, Ptr{Float32}, Ptr{Int64}, Int64, Cint,
                           Ref{Ptr{Cvoid}}),
                          ctx, Int64(g.n), Int64(m), src, dst, wp, Ptr{Int64}(C_NULL), Int64(0), fl, out))
    end
    cg = out[]
    if g.names !== nothing
        try
            ptrs = [Base.unsafe_convert(Cstring, s) for s in g.names]
            GC.@preserve g ptrs begin
                _check(ctx, ccall((:gnn_graph_set_node_names, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cstring}),
                                  ctx, cg, ptrs))
            end
        catch
            _graph_free(cg)
            rethrow()
        end
    end
    return cg
end

function _graph_free(cg::Ptr{Cvoid})
    cg == C_NULL && return nothing
    ccall((:gnn_graph_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(cg))
    return nothing
end

# A library graph back to a Graph (undirected: each edge once, u <= v).
function _jgraph(ctx::Ptr{Cvoid}, cg::Ptr{Cvoid}, names)
    n = ccall((:gnn_graph_node_count, libgnn), Int64, (Ptr{Cvoid},), cg)
    arcs = ccall((:gnn_graph_arc_count, libgnn), Int64, (Ptr{Cvoid},), cg)
    directed = ccall((:gnn_graph_is_directed, libgnn), Cint, (Ptr{Cvoid},), cg) != 0
    weighted = ccall((:gnn_graph_is_weighted, libgnn), Cint, (Ptr{Cvoid},), cg) != 0
    src = Vector{Int64}(undef, arcs)
    dst = Vector{Int64}(undef, arcs)
    w = Vector{Float32}(undef, arcs)
    _check(ctx, ccall((:gnn_graph_arcs, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Int64}, Ptr{Int64}, Ptr{Float32}, Ptr{Int64}),
                      ctx, cg, src, dst, w, Ptr{Int64}(C_NULL)))
    keep = directed ? trues(arcs) : src .<= dst
    return Graph(Int(n), src[keep] .+ 1, dst[keep] .+ 1, weighted ? Float64.(w[keep]) : nothing, directed, names)
end

# ------------------------------------------------------------------ generators

"""
    generate(kind="dsbm"; seed=0, threads=0, options...) -> (graph, labels)
    generate_dsbm(; seed=0, threads=0, options...) -> (graph, labels)

A random graph of the library: `"dsbm"` (the directed SBM of DIGRAC: options
`n`, `k`, `p`, `eta`, `rho`, `style`, `ambient`, `fill`, `clean`), `"sbm"` or
`"er"`, with the C defaults for the options not given.  `labels` are the
planted blocks, 1-based (`nothing` for `"er"`).
"""
function generate(kind::AbstractString="dsbm"; seed::Integer=0, threads::Integer=0, options...)
    _with_ctx(seed, threads) do ctx
        o = _opts_new(options)
        out = Ref{Ptr{Cvoid}}(C_NULL)
        try
            _check(ctx, ccall((:gnn_dataset_generate, libgnn), Cint, (Ptr{Cvoid}, Cstring, Ptr{Cvoid}, Ref{Ptr{Cvoid}}),
                              ctx, kind, o, out))
            ds = out[]
            cg = ccall((:gnn_dataset_graph, libgnn), Ptr{Cvoid}, (Ptr{Cvoid}, Int64), ds, Int64(0))
            g = _jgraph(ctx, cg, nothing)
            labels = nothing
            if ccall((:gnn_dataset_has_node_labels, libgnn), Cint, (Ptr{Cvoid},), ds) != 0
                lab = Vector{Int64}(undef, g.n)
                _check(ctx, ccall((:gnn_dataset_node_labels, libgnn), Cint, (Ptr{Cvoid}, Ptr{Int64}), ds, lab))
                labels = lab .+ 1
            end
            return (graph=g, labels=labels)
        finally
            ccall((:gnn_dataset_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), out)
            _opts_free(o)
        end
    end
end

generate_dsbm(; seed::Integer=0, threads::Integer=0, options...) = generate("dsbm"; seed=seed, threads=threads, options...)

# ------------------------------------------------------------------ Ricci

function _curvature(graph, directed, threads, options)
    g = Graph(graph)
    dir = directed === nothing ? g.directed : Bool(directed)
    _with_ctx(0, threads) do ctx
        o = _opts_new(options)
        cg = Ptr{Cvoid}(C_NULL)
        try
            cg = _cgraph(ctx, g, GNN_LOOPS_DROP | GNN_DUP_FIRST, dir)
            arcs = ccall((:gnn_graph_arc_count, libgnn), Int64, (Ptr{Cvoid},), cg)
            kappa = Vector{Float64}(undef, arcs)
            _check(ctx, ccall((:gnn_orc_edge_curvature, libgnn), Cint,
                              (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Float64}, Ptr{Cvoid}, Ptr{Float64}),
                              ctx, cg, Ptr{Float64}(C_NULL), o, kappa))
            nk = Vector{Float64}(undef, g.n)
            _check(ctx, ccall((:gnn_orc_node_curvature, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Float64}, Ptr{Float64}),
                              ctx, cg, kappa, nk))
            edge = map(zip(g.src, g.dst)) do (u, v)
                a = ccall((:gnn_graph_find_arc, libgnn), Int64, (Ptr{Cvoid}, Int64, Int64), cg, u - 1, v - 1)
                a < 0 ? NaN : kappa[a+1]
            end
            return edge, nk
        finally
            _graph_free(cg)
            _opts_free(o)
        end
    end
end

"""
    curvature(graph; directed=nothing, threads=0, options...) -> Vector{Float64}
    node_curvature(graph; directed=nothing, threads=0, options...) -> Vector{Float64}

Ollivier-Ricci curvature of every input edge, in the input's order (`NaN`
for self-loops; parallel edges count once), or of every node (the mean over
its edges).  Options of group "ricci": `alpha` (0.5), `method` ("mix",
"exact", "sinkhorn", "atd"), `base`, `exp_power`, `nbr_topk`, ...
"""
curvature(graph; directed=nothing, threads::Integer=0, options...) = _curvature(graph, directed, threads, options)[1]
node_curvature(graph; directed=nothing, threads::Integer=0, options...) = _curvature(graph, directed, threads, options)[2]

"""
    rewire(graph; batches=nothing, add=nothing, remove=nothing, mode=nothing, threads=0, options...)
        -> (graph, added, removed)

BORF rewiring (batch Ollivier-Ricci flow): `batches` N, `add` h, `remove` k
(library defaults 3, 20, 10), `mode` "canonical" (undirected) or "compat".
Returns the rewired graph (same nodes and names) and the edge counts.
"""
function rewire(graph; batches=nothing, add=nothing, remove=nothing, mode=nothing, directed=nothing,
                threads::Integer=0, options...)
    g = Graph(graph)
    dir = directed === nothing ? g.directed : Bool(directed)
    borf = Pair{Symbol,Any}[]
    batches === nothing || push!(borf, Symbol("borf-batches") => batches)
    add === nothing || push!(borf, Symbol("borf-add") => add)
    remove === nothing || push!(borf, Symbol("borf-remove") => remove)
    mode === nothing || push!(borf, Symbol("borf-mode") => mode)
    allopts = vcat(borf, Pair{Symbol,Any}[k => v for (k, v) in options])
    _with_ctx(0, threads) do ctx
        o = _opts_new(allopts)
        cg = Ptr{Cvoid}(C_NULL)
        out = Ref{Ptr{Cvoid}}(C_NULL)
        added = Ref{Int64}(0)
        removed = Ref{Int64}(0)
        try
            cg = _cgraph(ctx, g, GNN_LOOPS_DROP | GNN_DUP_FIRST, dir)
            _check(ctx, ccall((:gnn_borf_rewire, libgnn), Cint,
                              (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cvoid}, Ref{Ptr{Cvoid}}, Ref{Int64}, Ref{Int64}),
                              ctx, cg, o, out, added, removed))
            return (graph=_jgraph(ctx, out[], g.names), added=Int(added[]), removed=Int(removed[]))
        finally
            _graph_free(out[])
            _graph_free(cg)
            _opts_free(o)
        end
    end
end

# ------------------------------------------------------------------ models

"""
    Model

A trained model of libgnn with its context and training data.  Its C
objects are released by a finalizer, or at once by `close(model)`.
"""
mutable struct Model
    ctx::Ptr{Cvoid}
    ptr::Ptr{Cvoid}
    ds::Ptr{Cvoid}
    stop::Vector{Int32}
    name::String
    graph::Union{Nothing,Graph,GraphSet}
    levels::Vector{Any}
end

function _model_free!(m::Model)
    if m.ptr != C_NULL
        ccall((:gnn_model_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(m.ptr))
        m.ptr = C_NULL
    end
    if m.ds != C_NULL
        ccall((:gnn_dataset_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(m.ds))
        m.ds = C_NULL
    end
    _ctx_free(m.ctx) # last: the model and the dataset were made with it
    m.ctx = C_NULL
    return nothing
end

function _model(seed::Integer, threads::Integer, stop::Vector{Int32}=Int32[0])
    length(stop) == 1 || throw(ArgumentError("stop: a one-element Vector{Int32}"))
    m = Model(C_NULL, C_NULL, C_NULL, stop, "", nothing, Any[])
    finalizer(_model_free!, m)
    m.ctx = _ctx_new(seed, threads, m.stop)
    return m
end

Base.close(m::Model) = _model_free!(m)

_live(m::Model) = m.ptr == C_NULL ? throw(ArgumentError("the model was closed")) : m

"""
    interrupt!(model)

Ask a computation running on `model` (from another task or thread) to stop:
it throws `GNNError(-10, "interrupted")`.  To stop a `fit` that has not
returned its model yet, pass it `stop = Int32[0]` and set `stop[1] = 1`.
"""
interrupt!(m::Model) = (m.stop[1] = 1; nothing)

# Run f(); an interrupt, once reported, is cleared so the model can be used again.
function _clearing_interrupt(f, m::Model)
    try
        return f()
    catch e
        e isa GNNError && e.code == GNN_EINTERRUPTED && (m.stop[1] = 0)
        rethrow()
    end
end

# Labels to 0-based codes (-1: missing) and their sorted levels.
function _label_codes(labels, n::Integer)
    length(labels) == n || throw(ArgumentError("labels: $(length(labels)) values for $n nodes"))
    levels = sort!(unique(x for x in labels if x !== missing && x !== nothing))
    code = Dict{Any,Int64}(l => Int64(i - 1) for (i, l) in enumerate(levels))
    return Int64[(x === missing || x === nothing) ? Int64(-1) : code[x] for x in labels], collect(Any, levels)
end

# The dataset of g with the optional node data and edge split.
function _dataset(ctx::Ptr{Cvoid}, g::Graph, labels, features, edge_split)
    cg = _cgraph(ctx, g, Cint(0))
    sp = Ref{Ptr{Cvoid}}(C_NULL)
    gref = Ref{Ptr{Cvoid}}(cg)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    try
        if edge_split !== nothing
            length(edge_split) == 2 || throw(ArgumentError("edge_split: (valid, test) fractions"))
            _check(ctx, ccall((:gnn_split_edges, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Float64, Float64, Ref{Ptr{Cvoid}}),
                              ctx, cg, Float64(edge_split[1]), Float64(edge_split[2]), sp))
        end
        _check(ctx, ccall((:gnn_dataset_from_graph, libgnn), Cint, (Ptr{Cvoid}, Ref{Ptr{Cvoid}}, Ref{Ptr{Cvoid}}),
                          ctx, gref, out))
        ds = out[]
        if sp[] != C_NULL
            for part in 0:2, pos in 0:1
                k = ccall((:gnn_split_count, libgnn), Int64, (Ptr{Cvoid}, Cint, Cint), sp[], Cint(part), Cint(pos))
                (k == 0 || (part == 0 && pos == 0)) && continue # training negatives: drawn by the model
                u = Vector{Int64}(undef, k)
                v = Vector{Int64}(undef, k)
                _check(ctx, ccall((:gnn_split_pairs, libgnn), Cint, (Ptr{Cvoid}, Cint, Cint, Ptr{Int64}, Ptr{Int64}),
                                  sp[], Cint(part), Cint(pos), u, v))
                _check(ctx, ccall((:gnn_dataset_set_pairs, libgnn), Cint,
                                  (Ptr{Cvoid}, Ptr{Cvoid}, Cint, Cint, Ptr{Int64}, Ptr{Int64}, Int64),
                                  ctx, ds, Cint(part), Cint(pos), u, v, k))
            end
        end
        if labels !== nothing
            codes = labels isa Vector{Int64} ? labels : error("internal: labels")
            _check(ctx, ccall((:gnn_dataset_set_node_labels, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Int64}),
                              ctx, ds, codes))
        end
        if features !== nothing
            X = Matrix{Float32}(features)
            size(X, 1) == g.n || throw(ArgumentError("features: $(size(X, 1)) rows for $(g.n) nodes"))
            rowmajor = permutedims(X) # d x n: node i's features are contiguous
            _check(ctx, ccall((:gnn_dataset_set_features, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Int64, Int64, Ptr{Float32}),
                              ctx, ds, Int64(size(X, 1)), Int64(size(X, 2)), rowmajor))
        end
        out[] = C_NULL # the caller owns ds from here on
        return ds
    finally
        ccall((:gnn_dataset_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), out)
        ccall((:gnn_split_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), sp)
        _graph_free(gref[]) # NULL once the dataset took it
    end
end

# The graph-classification dataset of s (the caller owns it).
function _dataset(ctx::Ptr{Cvoid}, s::GraphSet)
    cgs = fill(Ptr{Cvoid}(C_NULL), length(s.graphs))
    out = Ref{Ptr{Cvoid}}(C_NULL)
    try
        for (i, g) in enumerate(s.graphs)
            cgs[i] = _cgraph(ctx, g, GNN_DUP_FIRST)
        end
        _check(ctx, ccall((:gnn_dataset_from_graphs, libgnn), Cint, (Ptr{Cvoid}, Ptr{Ptr{Cvoid}}, Int64, Ref{Ptr{Cvoid}}),
                          ctx, cgs, Int64(length(cgs)), out))
        ds = out[]
        if s.labels !== nothing
            _check(ctx, ccall((:gnn_dataset_set_graph_labels, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Int64}),
                              ctx, ds, s.labels))
        end
        if s.features !== nothing
            rowmajor = permutedims(Matrix{Float32}(s.features))
            _check(ctx, ccall((:gnn_dataset_set_features, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Int64, Int64, Ptr{Float32}),
                              ctx, ds, Int64(size(s.features, 1)), Int64(size(s.features, 2)), rowmajor))
            if s.label_columns > 0
                _check(ctx, ccall((:gnn_dataset_set_label_columns, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Int64),
                                  ctx, ds, Int64(s.label_columns)))
            end
        end
        out[] = C_NULL # the caller owns ds from here on
        return ds
    finally
        ccall((:gnn_dataset_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), out)
        foreach(_graph_free, cgs) # NULL once the dataset took them
    end
end

"""
    read_graphs(path, format="tu") -> GraphSet

A graph set read by the library: `"tu"` (`path` = `DIR/NAME` of the TU files,
node labels one-hot in the first `label_columns` feature columns, then the
node attributes), `"graphs-tsv"` (a directory with `edges.tsv` and
`graph_labels.tsv`), `"ppgn"` or `"graph6"` (a file).  Class labels are the
library's 0-based codes.
"""
function read_graphs(path::AbstractString, format::AbstractString="tu")
    _with_ctx(0, 0) do ctx
        out = Ref{Ptr{Cvoid}}(C_NULL)
        try
            _check(ctx, ccall((:gnn_dataset_load, libgnn), Cint, (Ptr{Cvoid}, Cstring, Cstring, Ptr{Cvoid}, Ref{Ptr{Cvoid}}),
                              ctx, format, path, C_NULL, out))
            ds = out[]
            G = ccall((:gnn_dataset_graph_count, libgnn), Int64, (Ptr{Cvoid},), ds)
            gs = Graph[_jgraph(ctx, ccall((:gnn_dataset_graph, libgnn), Ptr{Cvoid}, (Ptr{Cvoid}, Int64), ds, Int64(i)),
                               nothing) for i in 0:G-1]
            C = ccall((:gnn_dataset_class_count, libgnn), Int64, (Ptr{Cvoid},), ds)
            labels = nothing
            if C > 0
                labels = Vector{Int64}(undef, G)
                _check(ctx, ccall((:gnn_dataset_graph_labels, libgnn), Cint, (Ptr{Cvoid}, Ptr{Int64}), ds, labels))
            end
            rows = ccall((:gnn_dataset_feature_rows, libgnn), Int64, (Ptr{Cvoid},), ds)
            dim = ccall((:gnn_dataset_feature_dim, libgnn), Int64, (Ptr{Cvoid},), ds)
            X = nothing
            if dim > 0
                buf = Vector{Float32}(undef, rows * dim)
                _check(ctx, ccall((:gnn_dataset_features, libgnn), Cint, (Ptr{Cvoid}, Ptr{Float32}), ds, buf))
                X = Matrix{Float64}(permutedims(reshape(buf, Int(dim), Int(rows))))
            end
            lc = ccall((:gnn_dataset_label_columns, libgnn), Int64, (Ptr{Cvoid},), ds)
            return GraphSet(gs, labels, labels === nothing ? Any[] : collect(Any, 0:C-1), X, Int(lc))
        finally
            ccall((:gnn_dataset_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), out)
        end
    end
end

"""
    fit(graph, model="digrac"; labels=nothing, features=nothing, edge_split=nothing,
        seed=0, threads=0, options...) -> Model

Train the library's model `model` (see `models()`) on `graph` (a `Graph`, a
`SparseMatrixCSC`, or `(src, dst)`).  Options are keyword arguments with the
C defaults for those not given, e.g. `clusters=5, epochs=300` for DIGRAC.
`labels` (one per node, `missing` for none) score clustering models and train
classifiers; `features` is an n x d matrix.  Link models (nbfnet, walkpool)
train on an edge split: `edge_split=(valid, test)` (default `(0.05, 0.10)`).
`stop` is the interrupt flag polled by long loops: setting `stop[1] = 1`
from another task or thread ends the fit with `GNNError(-10, "interrupted")`.
"""
function fit(graph, model::AbstractString="digrac"; labels=nothing, features=nothing, edge_split=nothing,
             seed::Integer=0, threads::Integer=0, stop::Vector{Int32}=Int32[0], options...)
    g = graph isa Tuple ? Graph(graph...) : Graph(graph)
    m = _model(seed, threads, stop)
    m.name = String(model)
    m.graph = g
    codes = nothing
    if labels !== nothing
        codes, m.levels = _label_codes(labels, g.n)
    end
    split = edge_split === nothing && model in LINK_MODELS ? (0.05, 0.10) : edge_split
    o = _opts_new(options)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    try
        GC.@preserve m begin
            _check(m.ctx, ccall((:gnn_model_create, libgnn), Cint, (Ptr{Cvoid}, Cstring, Ptr{Cvoid}, Ref{Ptr{Cvoid}}),
                                m.ctx, model, o, out))
            m.ptr = out[]
            m.ds = _dataset(m.ctx, g, codes, features, split)
            _check(m.ctx, ccall((:gnn_model_fit, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}), m.ptr, m.ds))
        end
    catch
        _model_free!(m)
        rethrow()
    finally
        _opts_free(o)
    end
    return m
end

"""
    fit(set::GraphSet, model="pathnn"; seed=0, threads=0, options...) -> Model

Graph classification on a `GraphSet` (labels and features come with the
set).  PathNN runs the k-fold protocol of its options (`folds`, `fold`,
`grid`, `final_runs`, ...); `outputs` are the out-of-fold class
probabilities, one row per graph, and `predict` gives `0` for a graph no
test fold covered.
"""
function fit(set::GraphSet, model::AbstractString="pathnn"; seed::Integer=0, threads::Integer=0,
             stop::Vector{Int32}=Int32[0], options...)
    m = _model(seed, threads, stop)
    m.name = String(model)
    m.graph = set
    m.levels = set.levels
    o = _opts_new(options)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    try
        GC.@preserve m begin
            _check(m.ctx, ccall((:gnn_model_create, libgnn), Cint, (Ptr{Cvoid}, Cstring, Ptr{Cvoid}, Ref{Ptr{Cvoid}}),
                                m.ctx, model, o, out))
            m.ptr = out[]
            m.ds = _dataset(m.ctx, set)
            _check(m.ctx, ccall((:gnn_model_fit, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}), m.ptr, m.ds))
        end
    catch
        _model_free!(m)
        rethrow()
    finally
        _opts_free(o)
    end
    return m
end

"""
    predict(m; type=:class)
    predict(m, graph; type=:class, labels=nothing, features=nothing)

`:class`: one integer per row, the cluster or class (1-based); `:prob`: the
output matrix (rows x columns: probabilities, or the link models' scores).
With a graph, the model is run again (no training) on it first.
"""
function predict(m::Model; type::Symbol=:class)
    _live(m)
    type === :prob && return outputs(m)
    type === :class || throw(ArgumentError("type: :class or :prob"))
    return assignments(m) .+ 1
end

function predict(m::Model, set::GraphSet; type::Symbol=:class)
    _live(m)
    GC.@preserve m begin
        ds = _dataset(m.ctx, set)
        try
            _clearing_interrupt(m) do
                _check(m.ctx, ccall((:gnn_model_predict, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}), m.ptr, ds))
            end
        finally
            ccall((:gnn_dataset_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(ds))
        end
    end
    return predict(m; type=type)
end

function predict(m::Model, graph; type::Symbol=:class, labels=nothing, features=nothing)
    _live(m)
    g = Graph(graph)
    codes = labels === nothing ? nothing : _label_codes(labels, g.n)[1]
    ds = Ptr{Cvoid}(C_NULL)
    GC.@preserve m begin
        ds = _dataset(m.ctx, g, codes, features, nothing)
        try
            _clearing_interrupt(m) do
                _check(m.ctx, ccall((:gnn_model_predict, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}), m.ptr, ds))
            end
        finally
            ccall((:gnn_dataset_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(ds))
        end
    end
    return predict(m; type=type)
end

"""
    metrics(m) -> Dict{String,Float64}
    history(m) -> NamedTuple (epoch, seconds, train_loss, valid_metric)
    outputs(m) -> Matrix{Float64}
    assignments(m) -> Vector{Int64}   (0-based, as the library)
    options(m) -> Dict{String,String} (every option in force)
"""
function metrics(m::Model)
    _live(m)
    k = ccall((:gnn_model_metric_count, libgnn), Int64, (Ptr{Cvoid},), m.ptr)
    d = Dict{String,Float64}()
    for i in 0:k-1
        name = unsafe_string(ccall((:gnn_model_metric_name, libgnn), Cstring, (Ptr{Cvoid}, Int64), m.ptr, i))
        d[name] = ccall((:gnn_model_metric_value, libgnn), Float64, (Ptr{Cvoid}, Int64), m.ptr, i)
    end
    return d
end

function history(m::Model)
    _live(m)
    k = ccall((:gnn_model_history_count, libgnn), Int64, (Ptr{Cvoid},), m.ptr)
    epoch = Vector{Int64}(undef, k)
    seconds = Vector{Float64}(undef, k)
    loss = Vector{Float64}(undef, k)
    valid = Vector{Float64}(undef, k)
    e = Ref{Int64}(0)
    s = Ref{Float64}(0.0)
    l = Ref{Float64}(0.0)
    v = Ref{Float64}(0.0)
    for i in 1:k
        _check(m.ctx, ccall((:gnn_model_history, libgnn), Cint,
                            (Ptr{Cvoid}, Int64, Ref{Int64}, Ref{Float64}, Ref{Float64}, Ref{Float64}),
                            m.ptr, Int64(i - 1), e, s, l, v))
        epoch[i], seconds[i], loss[i], valid[i] = e[], s[], l[], v[]
    end
    return (epoch=epoch, seconds=seconds, train_loss=loss, valid_metric=valid)
end

function outputs(m::Model)
    _live(m)
    rows = ccall((:gnn_model_output_rows, libgnn), Int64, (Ptr{Cvoid},), m.ptr)
    cols = ccall((:gnn_model_output_cols, libgnn), Int64, (Ptr{Cvoid},), m.ptr)
    buf = Vector{Float64}(undef, rows * cols)
    rows * cols > 0 && _check(m.ctx, ccall((:gnn_model_outputs, libgnn), Cint, (Ptr{Cvoid}, Ptr{Float64}), m.ptr, buf))
    return permutedims(reshape(buf, Int(cols), Int(rows))) # row-major in C
end

function assignments(m::Model)
    _live(m)
    rows = ccall((:gnn_model_output_rows, libgnn), Int64, (Ptr{Cvoid},), m.ptr)
    a = Vector{Int64}(undef, rows)
    rows > 0 && _check(m.ctx, ccall((:gnn_model_assignments, libgnn), Cint, (Ptr{Cvoid}, Ptr{Int64}), m.ptr, a))
    return a
end

function options(m::Model)
    _live(m)
    group = "model." * unsafe_string(ccall((:gnn_model_name, libgnn), Cstring, (Ptr{Cvoid},), m.ptr))
    d = Dict{String,String}()
    name = Ref{Ptr{UInt8}}(C_NULL)
    typ = Ref{Ptr{UInt8}}(C_NULL)
    def = Ref{Ptr{UInt8}}(C_NULL)
    help = Ref{Ptr{UInt8}}(C_NULL)
    i = 0
    while ccall((:gnn_options_describe, libgnn), Cint,
                (Cstring, Int64, Ref{Ptr{UInt8}}, Ref{Ptr{UInt8}}, Ref{Ptr{UInt8}}, Ref{Ptr{UInt8}}),
                group, Int64(i), name, typ, def, help) == 0
        v = ccall((:gnn_model_option, libgnn), Ptr{UInt8}, (Ptr{Cvoid}, Cstring), m.ptr, unsafe_string(name[]))
        d[unsafe_string(name[])] = v == C_NULL ? "" : unsafe_string(v)
        i += 1
    end
    return d
end

"""
    score_pairs(m, src, dst) -> Vector{Float64}

Link models: the score (logit) of the pairs `src[i] -> dst[i]` (1-based) over
the training graph.
"""
function score_pairs(m::Model, src::AbstractVector{<:Integer}, dst::AbstractVector{<:Integer})
    _live(m)
    length(src) == length(dst) || throw(ArgumentError("src and dst differ in length"))
    u = Vector{Int64}(src) .- 1
    v = Vector{Int64}(dst) .- 1
    s = Vector{Float64}(undef, length(u))
    m.ds == C_NULL && throw(ArgumentError("the model has no training graph (it was loaded)"))
    GC.@preserve m begin
        _clearing_interrupt(m) do
            _check(m.ctx, ccall((:gnn_model_score_pairs, libgnn), Cint,
                                (Ptr{Cvoid}, Ptr{Cvoid}, Int64, Ptr{Int64}, Ptr{Int64}, Ptr{Int64}, Ptr{Float64}),
                                m.ptr, m.ds, Int64(length(u)), u, Ptr{Int64}(C_NULL), v, s))
        end
    end
    return s
end

"""
    save(m, path)
    load(path; seed=0, threads=0) -> Model

A checkpoint of the library (options, shapes and weights); a loaded model
predicts on a graph given to `predict`.
"""
function save(m::Model, path::AbstractString)
    _live(m)
    GC.@preserve m _check(m.ctx, ccall((:gnn_model_save, libgnn), Cint, (Ptr{Cvoid}, Cstring), m.ptr, path))
    return path
end

function load(path::AbstractString; seed::Integer=0, threads::Integer=0)
    m = _model(seed, threads)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    try
        GC.@preserve m _check(m.ctx, ccall((:gnn_model_load, libgnn), Cint, (Ptr{Cvoid}, Cstring, Ref{Ptr{Cvoid}}),
                                           m.ctx, path, out))
    catch
        _model_free!(m)
        rethrow()
    end
    m.ptr = out[]
    m.name = unsafe_string(ccall((:gnn_model_name, libgnn), Cstring, (Ptr{Cvoid},), m.ptr))
    return m
end

function Base.show(io::IO, m::Model)
    print(io, "GNN.Model(", m.name, m.ptr == C_NULL ? ", closed)" : ")")
end

"""
    models() -> Vector{Pair{String,String}}

The built-in models and their one-line summaries.
"""
function models()
    res = Pair{String,String}[]
    i = 0
    while true
        p = ccall((:gnn_model_builtin, libgnn), Ptr{UInt8}, (Int64,), Int64(i))
        p == C_NULL && break
        name = unsafe_string(p)
        s = ccall((:gnn_model_summary, libgnn), Ptr{UInt8}, (Cstring,), name)
        push!(res, name => (s == C_NULL ? "" : unsafe_string(s)))
        i += 1
    end
    return res
end

"""The library's version string."""
version() = unsafe_string(ccall((:gnn_version, libgnn), Cstring, ()))

end # module
