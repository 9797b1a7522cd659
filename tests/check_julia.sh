#!/bin/sh
# check_julia.sh: the Julia binding (bindings/julia), which cannot be run on
# the project's machines, is checked statically: every ccall of its sources
# must name an exported symbol with the C argument count and types of the
# public headers (bindings/julia/check_ccalls.py).  Deliberately wrong
# snippets must be rejected, each with its own message.
set -u
top=${top_srcdir:-.}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
    echo "SKIP: python3 not found"
    exit 77
fi
CHECK="$top/bindings/julia/check_ccalls.py"
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
T=$(mktemp -d "${TMPDIR:-/tmp}/gnn-julia-XXXXXX")
trap 'rm -rf "$T"' EXIT

# the binding and its tests
if "$PY" "$CHECK" "$top/bindings/julia/src/GNN.jl" > "$T/out" 2>&1; then
    ok "bindings/julia/src/GNN.jl: $(tail -n 1 "$T/out")"
else
    bad "bindings/julia/src/GNN.jl:"; cat "$T/out"
fi
n=$(sed -n 's/^check_ccalls: \([0-9]*\) ccall.*/\1/p' "$T/out")
if [ "${n:-0}" -ge 40 ]; then ok "$n ccalls checked"; else bad "only '${n:-0}' ccalls found in GNN.jl"; fi

# a correct snippet passes
cat > "$T/good.jl" <<'EOJ'
st = ccall((:gnn_ctx_set_threads, libgnn), Cint, (Ptr{Cvoid}, Int64), ctx, Int64(2))
s = ccall((:gnn_ctx_errmsg, libgnn), Cstring, (Ptr{Cvoid},), ctx)   # "ccall(" in a comment is ignored
doc = "ccall((:no_such_symbol, libgnn), Cint, ())"                   # and so is one in a string
ccall((:gnn_ctx_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}},), Ref(ctx))
EOJ
if "$PY" "$CHECK" "$T/good.jl" > "$T/out" 2>&1 && grep -q "3 ccall" "$T/out"; then ok "a correct snippet passes"
else bad "a correct snippet is rejected:"; cat "$T/out"; fi

# wrong snippets: each must fail (exit 1) with the expected message
reject() {
    name=$1 want=$2 code=$3
    printf '%s\n' "$code" > "$T/$name.jl"
    "$PY" "$CHECK" "$T/$name.jl" > "$T/out" 2>&1
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q -- "$want" "$T/out"; then ok "rejected: $name"
    else bad "$name: exit $rc, expected 1 and '$want':"; cat "$T/out"; fi
}
reject too-many-args "2 argument types, the C function has 1 parameters" \
    'ccall((:gnn_ctx_create, libgnn), Cint, (Ref{Ptr{Cvoid}}, Cint), out, Cint(1))'
reject too-few-args "1 argument types, the C function has 2 parameters" \
    'ccall((:gnn_ctx_set_threads, libgnn), Cint, (Ptr{Cvoid},), ctx)'
reject int32-for-int64 "argument 2 is Cint (i32), the C parameter is i64" \
    'ccall((:gnn_ctx_set_threads, libgnn), Cint, (Ptr{Cvoid}, Cint), ctx, Cint(2))'
reject float-for-double "argument 3 is Ptr{Float32} (ptr(f32)), the C parameter is ptr(f64)" \
    'ccall((:gnn_orc_edge_curvature, libgnn), Cint, (Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Float32}, Ptr{Cvoid}, Ptr{Float64}), c, g, C_NULL, o, k)'
reject pointer-for-value "argument 2 is Ptr{Int64} (ptr(i64)), the C parameter is i64" \
    'ccall((:gnn_model_metric_value, libgnn), Float64, (Ptr{Cvoid}, Ptr{Int64}), m, i)'
reject value-for-outptr "argument 4 is Ptr{Cvoid} (ptr(void)), the C parameter is ptr(ptr(opaque))" \
    'ccall((:gnn_model_create, libgnn), Cint, (Ptr{Cvoid}, Cstring, Ptr{Cvoid}, Ptr{Cvoid}), c, "digrac", o, out)'
reject wrong-return "return type Cint (i32) does not match the C return type i64" \
    'ccall((:gnn_model_metric_count, libgnn), Cint, (Ptr{Cvoid},), m)'
reject unknown-symbol "gnn_no_such_function: not exported" \
    'ccall((:gnn_no_such_function, libgnn), Cint, ())'
reject internal-symbol "gnn_i_poll: not exported" \
    'ccall((:gnn_i_poll, libgnn), Cint, (Ptr{Cvoid},), ctx)'
reject not-a-tuple "is not a tuple" \
    'ccall((:gnn_model_destroy, libgnn), Cvoid, (Ref{Ptr{Cvoid}}), r)'
reject values-count "2 argument types but 1 values passed" \
    'ccall((:gnn_ctx_set_threads, libgnn), Cint, (Ptr{Cvoid}, Int64), ctx)'
reject other-library "library 'libfoo', expected libgnn" \
    'ccall((:gnn_version, libfoo), Cstring, ())'
reject macro-form "@ccall is not checked" \
    '@ccall libgnn.gnn_version()::Cstring'
reject bare-name "must be given as (:gnn_name, libgnn)" \
    'ccall(:gnn_version, Cstring, ())'

test "$fails" -eq 0
