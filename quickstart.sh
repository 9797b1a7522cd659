#!/bin/sh
# quickstart.sh: install the Debian packages libgnn needs (when run as root),
# build it in _build/, and run the default job.
#   sh quickstart.sh             everything
#   sh quickstart.sh --deps      only install the packages
#   sh quickstart.sh --build     install and build, no job
set -eu
cd "$(dirname "$0")"
mode=${1:-all}

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian packages (.ci/packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2046
    apt-get install -y -qq --no-install-recommends $(grep -v '^#' .ci/packages) >/dev/null
else
    echo "== not root: assuming the packages of .ci/packages are installed"
fi
[ "$mode" = "--deps" ] && exit 0

echo "== building in _build/"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    autoreconf -fi
fi
mkdir -p _build
cd _build
[ -f Makefile ] || ../configure -q
make -j"$(nproc)" >/dev/null
[ "$mode" = "--build" ] && exit 0

echo "== default job: DIGRAC on a directed SBM (complete meta-graph with an ambient cluster, 5 clusters, 1000 nodes)"
./gnn-cli generate dsbm --n 1000 --k 5 --p 0.1 --eta 0.1 --rho 1.5 --style complete --ambient 1 --seed 10 \
    -o dsbm.tsv --labels dsbm.labels.tsv
./gnn-cli fit --model digrac --input dsbm.tsv --clusters 5 --beta 6 --labels dsbm.labels.tsv \
    --baselines herm,disg_lr -o dsbm.clusters.tsv --report dsbm.report.json
echo "== wrote _build/dsbm.clusters.tsv (node<TAB>cluster) and _build/dsbm.report.json;"
echo "   'ari' compares the clusters with the planted ones on the test nodes (1 = perfect)"
