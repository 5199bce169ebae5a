#!/bin/sh
# fuzz.sh -- runs every libFuzzer target of tests/fuzz for SECONDS each and
# fails on any crash, leak, sanitizer report, timeout or out-of-memory.
#
# usage: scripts/fuzz.sh SECONDS [TARGET...]
#   TARGET: csv_table territory ics_busy ics_school plan_csv (default: all)
#
# Builds build-fuzz/ when needed (CC=clang meson setup build-fuzz
# -Dfuzz=true: libFuzzer, ASan and UBSan on every target), gathers the
# seed corpora from the bundled examples and the test data (so they follow
# the files), runs each target niced with its dictionary, and prints one
# line per target: executions, executions per second, coverage (edges and
# features) and corpus size.  Findings are saved as
# build-fuzz/fuzz-artifacts/TARGET/crash-* (or leak-, timeout-, oom-);
# replay one with build-fuzz/tests/fuzz/fuzz_TARGET FILE, and commit it
# under tests/fuzz/crashes/TARGET/ so the suite replays it once fixed.
#
# Environment:
#   FUZZ_BUILD    build folder (default build-fuzz)
#   FUZZ_MAX_LEN  largest input in bytes (default 65536: a 13 KB leave file
#                 of minute-by-minute RRULEs, a CSV file of thousands of rows
#                 or of columns, the sizes where quadratic work shows)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a hang
#                 (default 10)
#   FUZZ_RSS_MB   memory limit in MiB (default 2048)
#   FUZZ_KEEP_GOING=1  after a finding, fuzz the target again for the rest
#                 of its time (long campaigns; each finding is counted)
#   FUZZ_RUNS     stop a target after this many executions (default: none,
#                 SECONDS alone bounds it; campaigns use 10000000)
#   FUZZ_NICE     niceness of the fuzzer (default 10; 19 for a campaign that
#                 should take only idle CPU)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ $# -lt 1 ] || ! [ "$1" -gt 0 ] 2>/dev/null; then
  echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
  exit 2
fi
seconds=$1; shift
targets=${*:-csv_table territory ics_busy ics_school plan_csv}
build=${FUZZ_BUILD:-build-fuzz}
max_len=${FUZZ_MAX_LEN:-65536}
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
runs_limit=${FUZZ_RUNS:--1}
niceness=${FUZZ_NICE:-10}

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz.sh: clang is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzz=true >/dev/null
fi
bins=""
for t in $targets; do bins="$bins tests/fuzz/fuzz_$t"; done
# shellcheck disable=SC2086
ninja -C "$build" -j2 $bins >/dev/null

seeds="$build/fuzz-seeds"
corpus="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
logs="$build/fuzz-logs"
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts" "$logs"

# csv_table: one selector byte (the file name, fuzz_csv_table.c), then
# the file: every territory CSV of the examples and the tests.
selector() {
  case $1 in
    settings.csv) echo 000 ;; communes.csv) echo 001 ;; sites.csv) echo 002 ;;
    staff.csv) echo 003 ;; vehicles.csv) echo 004 ;; services.csv) echo 005 ;;
    targets.csv) echo 006 ;; travel.csv) echo 007 ;; demand.csv) echo 010 ;;
    *) echo 011 ;;
  esac
}
mkdir -p "$seeds/csv_table" "$seeds/territory" "$seeds/ics_busy" \
  "$seeds/ics_school" "$seeds/plan_csv"
n=0
for f in examples/*/*.csv tests/data/*/*.csv tests/models/data/*/*.csv; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  # shellcheck disable=SC2059
  { printf "\\$(selector "$(basename "$f")")"; cat "$f"; } \
    >"$seeds/csv_table/$n-$(basename "$f")"
done
# territory: each example whole, and each of its files alone over the
# base territory (fuzz_territory.c).
for d in examples/* tests/data/worked-example tests/models/data/excel-fr; do
  [ -d "$d" ] || continue
  name=$(basename "$d")
  for f in "$d"/*.csv; do
    printf '#@ %s\n' "$(basename "$f")"
    cat "$f"
  done >"$seeds/territory/$name-all"
  for f in "$d"/*.csv; do
    { printf '#@ %s\n' "$(basename "$f")"; cat "$f"; } \
      >"$seeds/territory/$name-$(basename "$f")"
  done
done
# ics_busy: every iCalendar file of the tests; ics_school: the Ministry's,
# behind a zone selector byte (0: taken from the file).
cp tests/calendars/data/*.ics "$seeds/ics_busy/"
for f in tests/calendars/data/*.ics; do
  { printf '\000'; cat "$f"; } >"$seeds/ics_school/0-$(basename "$f")"
  { printf '\003'; cat "$f"; } >"$seeds/ics_school/C-$(basename "$f")"
done
cat tests/fuzz/dict/csv.dict tests/fuzz/dict/territory.dict \
  >"$seeds/territory.dict"

dict_of() {
  case $1 in
    csv_table) echo tests/fuzz/dict/csv.dict ;;
    territory) echo "$seeds/territory.dict" ;;
    ics_busy|ics_school) echo tests/fuzz/dict/ics.dict ;;
    plan_csv) echo tests/fuzz/dict/plan_csv.dict ;;
  esac
}

# The targets write their input to a file: a tmpfs keeps that off disk.
tmp_parent=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && tmp_parent=/dev/shm
tmp=$(mktemp -d "$tmp_parent/planner-fuzz-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run_target TARGET SECONDS LOG RUNS: one libFuzzer run (RUNS executions
# at most, -1 for no limit); its exit status.
run_target() {
  TMPDIR=$tmp ASAN_OPTIONS=detect_leaks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n "$niceness" "$build/tests/fuzz/fuzz_$1" -max_total_time="$2" \
    -runs="$4" \
    -timeout="$timeout" -rss_limit_mb="$rss" -max_len="$max_len" \
    -dict="$(dict_of "$1")" -artifact_prefix="$artifacts/$1/" \
    -print_final_stats=1 "$corpus/$1" "$seeds/$1" "tests/fuzz/seeds/$1" \
    >"$3" 2>&1
}

failed=""
printf '%-11s %10s %8s %6s %7s %9s %4s  %s\n' target executions exec/s \
  edges features corpus runs result
for t in $targets; do
  mkdir -p "$corpus/$t" "$artifacts/$t"
  log="$logs/$t.log"
  : >"$log"
  # FUZZ_KEEP_GOING=1 (long campaigns): after a finding, fuzz on for
  # the rest of the time; every run's log is kept in $log.
  start=$(date +%s) left=$seconds execs=0 runs=0 findings=0 status=0
  while [ "$left" -gt 0 ]; do
    set +e
    run_target "$t" "$left" "$log.run" \
      "$([ "$runs_limit" -ge 0 ] && echo $((runs_limit - execs)) || echo -1)"
    status=$?
    set -e
    cat "$log.run" >>"$log"
    runs=$((runs + 1))
    e=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.run")
    # A crashed run prints no final stats: its last status line counts.
    [ -n "$e" ] || e=$(grep -E '^#[0-9]+' "$log.run" | tail -n 1 |
                       sed 's/^#\([0-9]*\).*/\1/')
    execs=$((execs + ${e:-0}))
    [ "$status" -eq 0 ] || findings=$((findings + 1))
    [ "$status" -ne 0 ] && [ "${FUZZ_KEEP_GOING:-0}" = 1 ] || break
    [ "$runs_limit" -lt 0 ] || [ "$execs" -lt "$runs_limit" ] || break
    left=$((seconds - ($(date +%s) - start)))
  done
  rm -f "$log.run"
  elapsed=$(($(date +%s) - start))
  speed=$((execs / (elapsed > 0 ? elapsed : 1)))
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
  if [ "$findings" -eq 0 ]; then
    result="ok, ${elapsed} s"
  else
    result="FAILED: $findings finding(s), last exit $status, ${elapsed} s (see $log)"
    failed="$failed $t"
  fi
  printf '%-11s %10s %8s %6s %7s %9s %4s  %s\n' "$t" "$execs" "$speed" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$runs" "$result"
done

if [ -n "$failed" ]; then
  for t in $failed; do
    echo "== fuzz_$t:" >&2
    grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==|#[0-9]+ in ' \
      "$logs/$t.log" | head -n 30 >&2
  done
  echo "fuzz.sh: findings in:$failed (artifacts in $artifacts/)" >&2
  exit 1
fi
