#!/bin/sh
# check_exports.sh: lib/libgnn.sym matches the GNN_API declarations, the
# shared library exports exactly those symbols, all prefixed gnn_.
set -u
top=${top_srcdir:-.}
build=${top_builddir:-.}
fails=0
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.so"' EXIT
sh "$top/lib/libgnn.sym.sh" > "$tmp"
if cmp -s "$tmp" "$top/lib/libgnn.sym"; then echo "ok   lib/libgnn.sym matches the headers"
else echo "FAIL lib/libgnn.sym differs from the headers (run sh lib/libgnn.sym.sh > lib/libgnn.sym):"; diff "$tmp" "$top/lib/libgnn.sym"; fails=$((fails + 1)); fi
bad=$(grep -v '^gnn_' "$top/lib/libgnn.sym")
if [ -z "$bad" ]; then echo "ok   every export is prefixed gnn_"; else echo "FAIL unprefixed: $bad"; fails=$((fails + 1)); fi
so=$(ls "$build"/.libs/libgnn.so.*.*.* 2>/dev/null | head -n 1)
if [ -n "$so" ]; then
    nm -D --defined-only "$so" | awk '$2 == "T" {print $3}' | sed 's/@.*//' | LC_ALL=C sort -u > "$tmp.so"
    if cmp -s "$tmp.so" "$top/lib/libgnn.sym"; then echo "ok   the shared library exports exactly lib/libgnn.sym"
    else echo "FAIL exports differ:"; diff "$tmp.so" "$top/lib/libgnn.sym"; fails=$((fails + 1)); fi
else
    echo "(no shared library built: export table not checked)"
fi
test "$fails" -eq 0
