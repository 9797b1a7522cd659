#!/bin/sh
# Regenerate lib/libgnn.sym (the exported symbols) from the GNN_API
# declarations of the public headers:  sh lib/libgnn.sym.sh > lib/libgnn.sym
# (every declaration keeps "GNN_API" and the function name on one line).
cd "$(dirname "$0")/gnn" || exit 1
grep -h 'GNN_API' *.h | grep -v '#define' | sed -n 's/.*[ *]\(gnn_[a-z0-9_]*\) *(.*/\1/p' | LC_ALL=C sort -u
