#!/bin/sh
# fetch.sh DIR: download the canonical public sources of the benchmark
# datasets into DIR (network needed; the tests never run this).
#
# What arrives as plain text is placed in the layouts of datasets/README; the
# Planetoid pickles, SEAL .mat files and PyG tensors come as published and
# must be converted to those layouts (see the README's notes) before use.
set -eu
dir=${1:?usage: fetch.sh DIR}
mkdir -p "$dir"
get() { # get URL FILE
    mkdir -p "$(dirname "$2")"
    if command -v curl >/dev/null 2>&1; then curl -fL --retry 3 -o "$2" "$1"
    else wget -O "$2" "$1"; fi
}
gh=https://raw.githubusercontent.com

# knowledge graphs (tab-separated triples: ready to use with --task kg / "kg")
for ds in FB15k-237 WN18RR; do
    for part in train valid test; do
        get "$gh/DeepGraphLearning/NBFNet/master/data/$ds/$part.txt" "$dir/kg/$ds/$part.tsv" ||
            echo "fetch.sh: $ds/$part not found at the NBFNet repository; see datasets/README" >&2
    done
done

# TU graph collections (zip archives of the TU format: unzip into tu/)
for ds in MUTAG PTC_MR ENZYMES PROTEINS NCI1 IMDB-BINARY IMDB-MULTI; do
    get "https://www.chrsmrrs.com/graphkerneldatasets/$ds.zip" "$dir/tu/$ds.zip" &&
        (cd "$dir/tu" && unzip -oq "$ds.zip" && rm -f "$ds.zip") ||
        echo "fetch.sh: $ds not downloaded" >&2
done
get "$gh/diningphil/gnn-comparison/master/data_splits/CHEMICAL/ENZYMES_splits.json" \
    "$dir/tu/splits/CHEMICAL/ENZYMES_splits.json" || true

# Planetoid pickles (convert with the standard Kipf/PyG loader rules)
for ds in cora citeseer pubmed; do
    for f in x y tx ty allx ally graph test.index; do
        get "$gh/kimiyoung/planetoid/master/data/ind.$ds.$f" "$dir/raw/planetoid/ind.$ds.$f" || true
    done
done

# SEAL link-prediction graphs (MATLAB files with one sparse matrix "net")
for ds in USAir NS PB Yeast Celegans Power Router Ecoli; do
    get "$gh/DaDaCheng/WalkPooling/main/data/$ds.mat" "$dir/raw/linkpred/$ds.mat" || true
done
echo "fetch.sh: done; convert the files under $dir/raw as datasets/README describes"
