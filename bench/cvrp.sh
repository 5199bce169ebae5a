#!/bin/sh
# bench/cvrp.sh -- the minibus-route branch and cut (planner/route_*.c) on
# the CVRPLIB instances of tests/data/cvrp/, against glpsol, CBC and HiGHS
# on the textbook single-commodity-flow model of the same instance
# (planner/route_lp.c).  One line per instance and solver: outcome, cost,
# time, peak memory.  Says which other solvers are missing.
#   bench/cvrp.sh [BUILD_DIR]   (default build; LIMIT=seconds per solve, 300)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
limit=${LIMIT:-300}
drv=$build/tests/planner/route_vrp
[ -x "$drv" ] || { echo "build first: meson setup build -Dtests=true && ninja -C build" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
have() { command -v "$1" >/dev/null 2>&1; }
for s in glpsol cbc highs; do have $s || echo "# $s not installed (Debian: glpk-utils, coinor-cbc, highs): column skipped"; done
echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); limit ${limit} s"
peak() { sed -n 's/^peak //p' "$tmp/time"; }
for f in P-n16-k8 E-n22-k4 A-n32-k5 A-n33-k5 A-n37-k5; do
    vrp=$root/tests/data/cvrp/$f.vrp
    /usr/bin/time -f 'peak %M' -o "$tmp/time" "$drv" "$vrp" "$limit"
    echo "  planner peak_kb=$(peak)"
    "$drv" "$vrp" --write-lp "$tmp/$f.lp" || continue
    if have glpsol; then
        /usr/bin/time -f 'peak %M' -o "$tmp/time" timeout $((limit + 10)) \
            glpsol --lp "$tmp/$f.lp" --tmlim "$limit" >"$tmp/out" 2>&1
        echo "  glpsol $(grep -E 'INTEGER OPTIMAL|TIME LIMIT|^\+.*mip' "$tmp/out" | tail -2 | tr '\n' ' ') $(grep -E 'Time used' "$tmp/out") peak_kb=$(peak)"
    fi
    if have cbc; then
        /usr/bin/time -f 'peak %M' -o "$tmp/time" timeout $((limit + 10)) \
            cbc "$tmp/$f.lp" sec "$limit" threads 1 solve >"$tmp/out" 2>&1
        echo "  cbc $(grep -E '^Result|^Objective value|^Lower bound|^Gap|^Total time|Enumerated nodes' "$tmp/out" | tr '\n' ' ') peak_kb=$(peak)"
    fi
    if have highs; then
        /usr/bin/time -f 'peak %M' -o "$tmp/time" timeout $((limit + 10)) \
            highs --time_limit "$limit" --threads 1 "$tmp/$f.lp" >"$tmp/out" 2>&1
        echo "  highs $(grep -E 'Status|Primal bound|Dual bound|Gap|Timing' "$tmp/out" | tr -s ' ' | tr '\n' ' ') peak_kb=$(peak)"
    fi
done
