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
if [ ! -f build/build.ninja ]; then
  meson setup build >/dev/null
fi
ninja -C build planner/planner >/dev/null

mkdir -p "$out"
db="$out/$example.sqlite"
rm -f "$db" "$db-wal" "$db-shm"
build/planner/planner init "$db" "examples/$example"
build/planner/planner check "$db" > "$out/check.txt"
echo "Project file: $db"
echo "Territory summary: $out/check.txt"
