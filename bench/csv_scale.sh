#!/bin/sh
# csv_scale.sh -- how territory loading grows with the size of the CSV files.
#
# Makes copies of examples/quercy-blanc whose sites.csv holds N generated
# sites (distinct ids, spread over the nine communes, a third with their own
# coordinates, a third with opening hours), then times `planner check` on
# each: loading, the checks across files and the checks of models/check*.c.
# Rows are short (about 35 bytes) so that 10^6 of them stay under the
# 64 MiB file limit and reach the row limit instead.
# Loading should grow linearly (or n log n); a file above the documented
# maximum (docs/input-format.md, "Size limits") must be refused quickly
# with one message, not read for minutes.
#
# usage: bench/csv_scale.sh [PLANNER] [N...]
#   PLANNER  the binary (default build/cli/planner)
#   N        site counts (default: 10000 30000 100000 1000000)
# Each run is limited to TIMEOUT seconds (default 180), as in issue 17.
# Prints one line per size: sites, seconds (wall), exit status, last line
# of the output.  Machines are shared: compare numbers within one run.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
planner=${1:-$root/build/cli/planner}
[ $# -gt 0 ] && shift
sizes=${*:-10000 30000 100000 1000000}
timeout=${TIMEOUT:-180}
work=$(mktemp -d "${TMPDIR:-/tmp}/csv-scale-XXXXXX")
trap 'rm -rf "$work"' EXIT

communes=$(tail -n +2 "$root/examples/quercy-blanc/communes.csv" | cut -d, -f1 | tr '\n' ' ')
printf '%10s %9s %5s  %s\n' sites seconds exit "last line of output"
for n in $sizes; do
  dir="$work/t$n"
  mkdir -p "$dir"
  cp "$root/examples/quercy-blanc"/*.csv "$dir/"
  awk -v n="$n" -v communes="$communes" 'BEGIN {
      k = split(communes, c, " ")
      for (i = 1; i <= n; i++) {
        com = c[(i % k) + 1]
        coords = (i % 3 == 0) ? sprintf("44.%03d,1.%03d", 200 + i % 97, 200 + i % 89) : ","
        opening = (i % 3 == 1) ? "lun-ven 9h-12h" : ""
        printf "G%d,%s,S%d,,%s,mairie,,,%s\n", i, com, i, coords, opening
      }
    }' >> "$dir/sites.csv"
  start=$(date +%s.%N)
  set +e
  timeout "$timeout" "$planner" check "$dir" > "$work/out" 2>&1
  status=$?
  set -e
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  [ "$status" -eq 124 ] && last="(no answer in ${timeout} s)" || last=$(tail -n 1 "$work/out")
  printf '%10s %9.2f %5s  %s\n' "$n" "$secs" "$status" "$last"
  rm -rf "$dir"
done
