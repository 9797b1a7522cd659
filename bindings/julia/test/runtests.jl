# Tests of the Julia binding: the same figures as libgnn's C tests and the
# R package's tests, on the same data.  Run from bindings/julia with
#   julia --project -e 'using Pkg; Pkg.test()'
# with libgnn installed (make install; or ENV["LIBGNN"] = "/path/to/libgnn.so").
using GNN
using SparseArrays
using Test

# Adjusted Rand index, computed here: an independent check of the library's.
function ari(a::AbstractVector, b::AbstractVector)
    la, lb = unique(a), unique(b)
    tab = [count(i -> a[i] == x && b[i] == y, eachindex(a)) for x in la, y in lb]
    c2(x) = x * (x - 1) / 2
    s = sum(c2, tab)
    sa = sum(c2, sum(tab, dims=2))
    sb = sum(c2, sum(tab, dims=1))
    e = sa * sb / c2(length(a))
    return (s - e) / ((sa + sb) / 2 - e)
end

# Zachary's karate club (networkx node ids + 1) and the curvature table of
# specs/ricci.md section 8.3 (GraphRicciCurvature): libgnn's tests/data/karate_orc.tsv.
const KARATE = joinpath(@__DIR__, "..", "..", "..", "tests", "data", "karate_orc.tsv")

function karate()
    rows = [split(l) for l in eachline(KARATE) if !isempty(strip(l))]
    u = [parse(Int, r[1]) + 1 for r in rows]
    v = [parse(Int, r[2]) + 1 for r in rows]
    otd = [parse(Float64, r[3]) for r in rows]
    otd0 = [parse(Float64, r[6]) for r in rows]
    return Graph(u, v; directed=false), otd, otd0
end

const TOL = 1e-6

@testset "GNN" begin
    @test occursin(r"^\d+\.\d+\.\d+$", GNN.version())
    @test any(p -> p.first == "digrac", models())

    @testset "graphs" begin
        g = Graph(["a", "b", "c"], ["b", "c", "a"]; weights=[1.0, 2.0, 3.0])
        @test g.n == 3 && g.src == [1, 2, 3] && g.dst == [2, 3, 1] && g.names == ["a", "b", "c"]
        A = sparse([1, 2, 3], [2, 3, 1], [1.0, 2.0, 3.0], 4, 4)
        h = Graph(A)
        @test h.n == 4 && length(h.src) == 3 && h.directed
        @test_throws ArgumentError Graph([0], [1])
    end

    if isfile(KARATE)
        @testset "karate curvature (GraphRicciCurvature)" begin
            g, otd, otd0 = karate()
            k = curvature(g; alpha=0.5, method="exact", threads=1)
            @test maximum(abs.(k .- otd)) < TOL
            @test abs(sum(k) / length(k) - 0.070856) < TOL
            @test curvature(g; threads=2) == k # the defaults, another thread count
            k0 = curvature(g; alpha=0, threads=1)
            @test maximum(abs.(k0 .- otd0)) < TOL
            @test abs(minimum(k0) + 0.854167) < TOL && abs(maximum(k0) - 0.5) < TOL
            nk = node_curvature(g; threads=1)
            @test abs(nk[1] + 0.070530) < TOL
        end
        @testset "BORF" begin
            g, _, _ = karate()
            r = rewire(g; batches=2, add=4, remove=2, threads=1)
            @test r.graph.n == 34 && !r.graph.directed
            @test 0 < r.added <= 8 && 0 < r.removed <= 4
            @test length(r.graph.src) == 78 + r.added - r.removed
        end
    end

    @testset "complete graphs: closed form" begin
        for n in 3:7, alpha in (0.0, 0.25, 0.5, 0.9)
            src = [i for i in 1:n for j in i+1:n]
            dst = [j for i in 1:n for j in i+1:n]
            k = curvature(Graph(src, dst; directed=false); alpha=alpha, threads=1)
            @test maximum(abs.(k .- (1 - abs(alpha - (1 - alpha) / (n - 1))))) < TOL
        end
    end

    @testset "DIGRAC on the small DSBM of test_digrac" begin
        d = generate_dsbm(n=500, k=3, p=0.05, eta=0.05, style="cyclic", seed=10)
        @test length(d.labels) == d.graph.n
        m = fit(d.graph, "digrac"; clusters=3, epochs=300, patience=100, labels=d.labels, seed=10, threads=1)
        met = metrics(m)
        @test met["ari"] >= 0.9
        P = predict(m; type=:prob)
        @test size(P) == (d.graph.n, 3)
        @test maximum(abs.(sum(P, dims=2) .- 1)) < 1e-5
        @test ari(predict(m), d.labels) >= 0.9
        @test length(history(m).epoch) == met["epochs_run"]
        @test options(m)["hidden"] == "32" # the C default
        m2 = fit(d.graph, "digrac"; clusters=3, epochs=300, patience=100, labels=d.labels, seed=10, threads=2)
        @test predict(m2; type=:prob) == P
        path = tempname()
        save(m, path)
        l = load(path; threads=1)
        @test predict(l, d.graph) == predict(m)
        rm(path)
        close(m2)
        @test_throws ArgumentError metrics(m2)
    end

    @testset "errors carry the library's message" begin
        d = generate_dsbm(n=300, k=3, p=0.05, seed=1)
        e = try
            fit(d.graph, "nosuch")
        catch err
            err
        end
        @test e isa GNNError && occursin("unknown model 'nosuch'", e.msg)
        e = try
            fit(d.graph, "digrac"; clusters=3, bogus=1)
        catch err
            err
        end
        @test e isa GNNError && occursin("unknown option 'bogus'", e.msg)
        small = Graph([1, 2, 3], [2, 3, 1]; n=5)
        e = try
            fit(small, "digrac"; clusters=6)
        catch err
            err
        end
        @test e isa GNNError && occursin("6 clusters", e.msg)
        e = try
            curvature(small; alpha=2)
        catch err
            err
        end
        @test e isa GNNError && occursin("option 'alpha'", e.msg)
    end

    @testset "interrupt" begin
        d = generate_dsbm(n=300, k=3, p=0.05, seed=1)
        e = try
            fit(d.graph, "digrac"; clusters=3, stop=Int32[1], threads=1)
        catch err
            err
        end
        @test e isa GNNError && e.code == -10 && e.msg == "interrupted"
        m = fit(d.graph, "digrac"; clusters=3, epochs=5, threads=1)
        @test length(history(m).epoch) == 5
    end

    @testset "link models" begin
        d = generate("sbm"; n=60, k=2, p_in=0.2, p_out=0.02, seed=3)
        m = fit(d.graph, "nbfnet"; epochs=1, hidden=4, layers=2, max_steps=2, seed=1, threads=1)
        @test isfinite(metrics(m)["test_auc"])
        s = score_pairs(m, [1, 2], [3, 4])
        @test length(s) == 2 && all(isfinite, s)
    end
    @testset "graph sets and PathNN" begin
        # test_pathnn's test_from_graphs: paths (class 0) and rings (class 1) of 5..16 nodes
        ring(n, closed) = (collect(1:(closed ? n : n - 1)), [i % n + 1 for i in 1:(closed ? n : n - 1)])
        graphs = [Graph(ring(5 + i ÷ 2, isodd(i))...; n=5 + i ÷ 2, directed=false) for i in 0:23]
        set = GraphSet(graphs; labels=[isodd(i) ? "ring" : "path" for i in 0:23])
        @test length(set.graphs) == 24 && set.levels == Any["path", "ring"] && set.labels == repeat([0, 1], 12)
        m = fit(set, "pathnn"; K=2, hidden=16, folds=4, fold=0, grid=0, final_runs=1, epochs=100, lr=0.01,
                seed=3, threads=1)
        @test metrics(m)["test_accuracy"] >= 0.8
        p = predict(m; type=:prob)
        @test size(p) == (24, 2)
        @test count(!=(0), predict(m)) == 6 # fold 0 of 4 is tested; the rest are 0
        new = GraphSet([Graph(ring(30, true)...; directed=false), Graph(ring(30, false)...; n=30, directed=false)])
        q = predict(m, new; type=:prob)
        @test size(q) == (2, 2) && all(abs.(sum(q; dims=2) .- 1) .< 1e-6)
        @test_throws ArgumentError GraphSet(graphs; labels=1:3)
        @test_throws ArgumentError GraphSet(graphs; features=ones(10, 2))
        e = try
            fit(GraphSet(graphs), "pathnn"; epochs=1)
        catch err
            err
        end
        @test e isa GNNError && occursin("label", e.msg)
        root = get(ENV, "GNN_DATASETS", joinpath(@__DIR__, "..", "..", "..", "..", "shared", "datasets"))
        mutag = joinpath(root, "tu", "MUTAG", "MUTAG")
        if isfile(mutag * "_A.txt")
            s2 = read_graphs(mutag, "tu")
            @test length(s2.graphs) == 188 && s2.label_columns == 7
        else
            @info "MUTAG not found under $root: read_graphs not exercised"
        end
    end
end
