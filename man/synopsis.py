#!/usr/bin/env python3
# synopsis.py: print mdoc SYNOPSIS lines (.Ft/.Fo/.Fa/.Fc) for the GNN_API
# declarations of the given headers; a maintenance aid for the man pages
# (tests/check_man.sh checks that every exported symbol is documented).
import re,sys
def synopsis(header):
    txt=open(header).read()
    txt=re.sub(r'/\*.*?\*/','',txt,flags=re.S)
    decls=re.findall(r'GNN_API\s+([^;]+);',txt)
    out=[]
    for d in decls:
        d=' '.join(d.split())
        m=re.match(r'(.*?)\b(gnn_\w+)\s*\((.*)\)$',d)
        if not m: continue
        ret,name,args=m.group(1).strip(),m.group(2),m.group(3)
        out.append('.Ft %s'%ret)
        out.append('.Fo %s'%name)
        if args.strip()!='void':
            depth=0;cur='';parts=[]
            for ch in args:
                if ch=='(' : depth+=1
                if ch==')' : depth-=1
                if ch==',' and depth==0: parts.append(cur.strip());cur=''
                else: cur+=ch
            parts.append(cur.strip())
            for p in parts: out.append('.Fa "%s"'%p)
        out.append('.Fc')
    return '\n'.join(out)
for h in sys.argv[1:]:
    print(synopsis(h))
