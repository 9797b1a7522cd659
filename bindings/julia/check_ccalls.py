#!/usr/bin/python3
"""check_ccalls.py: static check of the Julia binding's ccalls against libgnn.

Julia cannot be installed on the project's machines, so the binding cannot
be run there.  This script checks instead, for every ccall of the given
Julia files, that

  * it has the form  ccall((:gnn_name, libgnn), RetType, (ArgT1, ...), args...)
    (the @ccall macro and other forms are rejected: they would go unchecked);
  * gnn_name is exported (listed in lib/libgnn.sym) and declared GNN_API in a
    public header (lib/gnn/*.h);
  * the argument types form a tuple with as many entries as the C function
    has parameters, and as many values are passed;
  * each Julia type matches the C type of its parameter, and the return type
    the C return type:
        Cint / Int32            int, int32_t, gnn_status_t
        Int64 / Clonglong       int64_t
        UInt64 / Csize_t        uint64_t, size_t
        Float64 / Cdouble       double        Float32 / Cfloat   float
        UInt8 / Cuchar          uint8_t       Int8               int8_t
        Cvoid                   void (return)
        Cstring                 const char *
        Ptr{T}, Ref{T}          T * (const or not), recursively
        Ptr{Cvoid}              void *, a pointer to an opaque gnn_*_t, a
                                callback (gnn_*_fn)
        Ptr{UInt8}              char * as well (a string that may be NULL)

Usage: check_ccalls.py [--headers DIR] [--sym FILE] [-v] FILE.jl ...
Exit status 0 when every ccall checks, 1 otherwise (each problem printed
as FILE:LINE: message), 2 on usage errors.
"""
import argparse
import os
import re
import sys

# ---------------------------------------------------------------- C side

C_BASE = {
    "int": "i32", "int32_t": "i32", "int64_t": "i64", "uint64_t": "u64", "size_t": "u64",
    "double": "f64", "float": "f32", "uint8_t": "u8", "int8_t": "i8", "char": "char",
    "void": "void", "uint32_t": "u32",
}


def strip_c_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def split_top(s, seps=","):
    """Split s at top-level separators (outside (), {}, [])."""
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


class CHeaders:
    def __init__(self, hdir):
        self.aliases = {}   # typedef name -> canonical base
        self.funcs = {}     # name -> (ret, [params], file)
        texts = {}
        for f in sorted(os.listdir(hdir)):
            if f.endswith(".h"):
                with open(os.path.join(hdir, f), encoding="utf-8") as fh:
                    texts[f] = strip_c_comments(fh.read())
        for text in texts.values():
            for m in re.finditer(r"typedef\s+struct\s+\w+\s+(\w+)\s*;", text):
                self.aliases[m.group(1)] = "opaque"
            for m in re.finditer(r"typedef\s+struct\s+\w*\s*\{.*?\}\s*(\w+)\s*;", text, flags=re.S):
                self.aliases[m.group(1)] = "struct"
            for m in re.finditer(r"typedef\s+[^;()]*\(\s*\*\s*(\w+)\s*\)\s*\([^;]*\)\s*;", text):
                self.aliases[m.group(1)] = "fnptr"
            for m in re.finditer(r"typedef\s+(\w+)\s+(\w+)\s*;", text):
                if m.group(1) != "struct":
                    self.aliases[m.group(2)] = m.group(1)
        for f, text in texts.items():
            for m in re.finditer(r"\bGNN_API\s+([^;{}#]*?)\b(gnn_\w+)\s*\(([^;{}]*)\)\s*;", text, flags=re.S):
                ret, name, params = m.group(1), m.group(2), m.group(3).strip()
                plist = [] if params in ("", "void") else [p.strip() for p in split_top(params)]
                self.funcs[name] = (self.canon(ret, is_param=False), [self.canon(p) for p in plist], f)

    def base(self, t):
        seen = 0
        while t in self.aliases and seen < 10:
            t = self.aliases[t]
            seen += 1
        return C_BASE.get(t, t if t in ("opaque", "struct", "fnptr") else "unknown:" + t)

    def canon(self, decl, is_param=True):
        """Canonical type of a parameter declaration or a return type."""
        d = " ".join(decl.split())
        if "(" in d:  # a function-pointer parameter written out
            return "fnptr"
        d = re.sub(r"\bconst\b", " ", d)
        d = re.sub(r"\b(struct|enum)\b", " ", d)
        stars = d.count("*")
        toks = d.replace("*", " ").split()
        if is_param and len(toks) >= 2:
            toks = toks[:-1]  # drop the parameter's name
        if len(toks) != 1:
            return "unknown:" + decl.strip()
        t = self.base(toks[0])
        for _ in range(stars):
            t = "ptr(" + t + ")"
        return t


# ---------------------------------------------------------------- Julia side

J_BASE = {
    "Cint": "i32", "Int32": "i32", "Int64": "i64", "Clonglong": "i64", "UInt64": "u64", "Csize_t": "u64",
    "Culonglong": "u64", "Float64": "f64", "Cdouble": "f64", "Float32": "f32", "Cfloat": "f32",
    "UInt8": "u8", "Cuchar": "u8", "Int8": "i8", "Cchar": "char", "Cvoid": "void", "Nothing": "void",
    "UInt32": "u32", "Cuint": "u32",
}


def j_canon(t):
    t = t.strip()
    if t == "Cstring":
        return "ptr(char)"
    m = re.fullmatch(r"(Ptr|Ref)\{(.*)\}", t, flags=re.S)
    if m:
        return "ptr(" + j_canon(m.group(2)) + ")"
    return J_BASE.get(t, "unknown:" + t)


def inner(t):
    return t[4:-1] if t.startswith("ptr(") and t.endswith(")") else None


def compatible(j, c, top=True):
    if j == c and not j.startswith("unknown:"):
        return True
    if top and j == "ptr(void)" and c == "fnptr":
        return True
    ji, ci = inner(j), inner(c)
    if ji is None or ci is None:
        return False
    if ji == "void" and ci in ("void", "opaque", "fnptr"):
        return True
    if ji == "u8" and ci == "char":
        return True
    return compatible(ji, ci, top=False)


def strip_julia(text):
    """Blank out comments and string literals, keeping the line structure."""
    out, i, n = [], 0, len(text)

    def blank(s):
        return "".join("\n" if ch == "\n" else " " for ch in s)

    while i < n:
        if text.startswith("#=", i):
            j = text.find("=#", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text[i:j]))
            i = j
        elif text[i] == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append('"' + blank(text[i + 1:j - 1]) + '"')
            i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append('"' + blank(text[i + 1:j - 1]) + '"')
            i = j
        elif text[i] == "'" and i + 2 < n and (text[i + 2] == "'" or (text[i + 1] == "\\" and text.find("'", i + 2) > 0)):
            # a character literal such as '_' or '\n' (not the adjoint operator)
            j = text.find("'", i + 2) + 1
            out.append(blank(text[i:j]))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def balanced(text, start):
    """Index just past the parenthesis matching text[start] == '('."""
    depth = 0
    for k in range(start, len(text)):
        if text[k] in "({[":
            depth += 1
        elif text[k] in ")}]":
            depth -= 1
            if depth == 0:
                return k + 1
    return -1


def check_file(path, hdr, exported, verbose):
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    text = strip_julia(raw)
    problems, count = [], 0

    def line_of(pos):
        return text.count("\n", 0, pos) + 1

    for m in re.finditer(r"@ccall\b", text):
        problems.append((line_of(m.start()), "@ccall is not checked: write ccall((:name, libgnn), Ret, (Args...,), ...)"))
    for m in re.finditer(r"\bccall\b", text):
        pos = m.start()
        if text[pos - 1:pos] == "@":
            continue
        count += 1
        line = line_of(pos)
        k = m.end()
        while k < len(text) and text[k] in " \t":
            k += 1
        if k >= len(text) or text[k] != "(":
            problems.append((line, "ccall not followed by an argument list"))
            continue
        end = balanced(text, k)
        if end < 0:
            problems.append((line, "unbalanced parentheses in ccall"))
            continue
        args = [a.strip() for a in split_top(text[k + 1:end - 1])]
        if len(args) < 3:
            problems.append((line, "ccall needs (name, library), a return type and an argument type tuple"))
            continue
        fm = re.fullmatch(r"\(\s*:(\w+)\s*,\s*(\w+)\s*\)", args[0])
        if not fm:
            problems.append((line, "the function must be given as (:gnn_name, libgnn), got '%s'" % " ".join(args[0].split())))
            continue
        name, lib = fm.group(1), fm.group(2)
        if lib != "libgnn":
            problems.append((line, "%s: library '%s', expected libgnn" % (name, lib)))
        if name not in exported:
            problems.append((line, "%s: not exported by libgnn (lib/libgnn.sym)" % name))
            continue
        if name not in hdr.funcs:
            problems.append((line, "%s: no GNN_API declaration in the public headers" % name))
            continue
        cret, cparams, hfile = hdr.funcs[name]
        tup = args[2]
        if not (tup.startswith("(") and tup.endswith(")")):
            problems.append((line, "%s: the argument types must be a tuple, got '%s'" % (name, tup)))
            continue
        body = tup[1:-1].strip()
        jtypes = [t.strip() for t in split_top(body)] if body else []
        if len(jtypes) == 1:
            problems.append((line, "%s: '(%s)' is not a tuple (write '(%s,)')" % (name, body, body)))
            continue
        if jtypes and jtypes[-1] == "":
            jtypes.pop()
        values = args[3:]
        where = "%s (%s)" % (name, hfile)
        if len(jtypes) != len(cparams):
            problems.append((line, "%s: %d argument types, the C function has %d parameters" % (where, len(jtypes), len(cparams))))
            continue
        if len(values) != len(jtypes):
            problems.append((line, "%s: %d argument types but %d values passed" % (where, len(jtypes), len(values))))
        jr = j_canon(args[1])
        if not compatible(jr, cret):
            problems.append((line, "%s: return type %s (%s) does not match the C return type %s" % (where, args[1].strip(), jr, cret)))
        for i, (jt, ct) in enumerate(zip(jtypes, cparams)):
            jc = j_canon(jt)
            if not compatible(jc, ct):
                problems.append((line, "%s: argument %d is %s (%s), the C parameter is %s" % (where, i + 1, jt, jc, ct)))
        if verbose:
            print("%s:%d: ccall %s: %d arguments" % (path, line, name, len(jtypes)))
    return count, problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description="check the ccalls of Julia sources against libgnn's public headers")
    ap.add_argument("--headers", default=os.path.join(top, "lib", "gnn"))
    ap.add_argument("--sym", default=os.path.join(top, "lib", "libgnn.sym"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    try:
        hdr = CHeaders(a.headers)
        with open(a.sym, encoding="utf-8") as fh:
            exported = set(fh.read().split())
    except OSError as e:
        print("check_ccalls: %s" % e, file=sys.stderr)
        return 2
    if not hdr.funcs:
        print("check_ccalls: no GNN_API declarations found in %s" % a.headers, file=sys.stderr)
        return 2
    total, bad = 0, 0
    for f in a.files:
        try:
            n, problems = check_file(f, hdr, exported, a.verbose)
        except OSError as e:
            print("check_ccalls: %s" % e, file=sys.stderr)
            return 2
        total += n
        for line, msg in problems:
            print("%s:%d: %s" % (f, line, msg))
        bad += len(problems)
        if n == 0 and not problems:
            print("%s: no ccall found" % f)
    if bad:
        print("check_ccalls: %d problem(s) in %d ccall(s)" % (bad, total))
        return 1
    print("check_ccalls: %d ccall(s) match libgnn's exported declarations" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
