#!/bin/sh
# check_man.sh: every man page passes mandoc's linter, and every exported
# symbol (lib/libgnn.sym) appears in the SYNOPSIS of some page.
set -u
top=${top_srcdir:-.}
if [ -z "${MANDOC:-}" ]; then
    echo "SKIP: mandoc not found (install the Debian package mandoc)"
    exit 77
fi
fails=0
for p in "$top"/man/*.[0-9]; do
    out=$("$MANDOC" -Tlint -W warning "$p" 2>&1)
    if [ -n "$out" ]; then echo "FAIL lint $p:"; echo "$out"; fails=$((fails + 1)); else echo "ok   lint $(basename "$p")"; fi
done
documented=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$top"/man/*.[0-9] | sed -n 's/^\.F[no] \([a-z_0-9]*\).*/\1/p' | sort -u)
missing=0
for s in $(cat "$top/lib/libgnn.sym"); do
    if ! echo "$documented" | grep -qx "$s"; then echo "undocumented: $s"; missing=$((missing + 1)); fi
done
if [ "$missing" -gt 0 ]; then echo "FAIL $missing exported symbols in no SYNOPSIS"; fails=$((fails + 1)); else echo "ok   every exported symbol is documented"; fi
test "$fails" -eq 0
