#!/bin/sh
# run-example.sh -- the README's main command: installs what is missing,
# builds planner into build/, and runs the main job on a bundled
# territory, printing where its output went.
#
# usage: scripts/run-example.sh [EXAMPLE] [OUT]
#   EXAMPLE  a folder name under examples/ (default: comtal-lot-truyere)
#   OUT      output folder (default: out/EXAMPLE)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
example=${1:-comtal-lot-truyere}
out=${2:-out/$example}

scripts/install-deps.sh --build-only

quiet_who=run-example
. scripts/quiet.sh
mkdir -p build-logs
# Only the program: the test suite needs cmocka, which --build-only does
# not install (scripts/test.sh installs it and turns the tests back on).
if [ ! -f build/build.ninja ]; then
  quiet build-logs/setup.log meson setup build -Dtests=false
fi
quiet build-logs/build.log ninja -C build cli/planner

# The whole job: check, plan the first quarter of 2027, verify, write the
# sessions, the iCalendar feeds and the summary.  A time limit keeps the
# demo short on a slow machine; the summary says whether the plan was
# proven optimal or how far from it it may be.  Exit status 3 only means
# that some target could not be met (the summary says which and why).
status=0
build/cli/planner plan "examples/$example" --quarter 2027-Q1 --out "$out" \
  --time-limit 120 || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  exit "$status"
fi
echo
echo "Open $out/summary.txt to read the plan; subscribe to $out/calendars/*.ics."
