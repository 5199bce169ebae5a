#!/bin/sh
# install-deps.sh -- installs what planner needs to build and test, when it
# is missing: Debian packages (apt-get, as root or through sudo) and the
# npm package ical.js used as an independent iCalendar parser in tests.
#
# usage: scripts/install-deps.sh [--build-only]
#   --build-only  only what building and running planner needs
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)

build_pkgs="gcc meson ninja-build pkg-config libglpk-dev libical-dev
  libsqlite3-dev libcsv-dev libcairo2-dev libpango1.0-dev libqrencode-dev"
test_pkgs="libcmocka-dev python3 python3-icalendar sqlite3 glpk-utils clang
  libclang-rt-dev chromium poppler-utils zbar-tools fonts-dejavu-core"
# Node.js and npm run the ical.js interop checks.  Many machines have them
# from elsewhere than Debian (NodeSource, nvm), and Debian's npm package
# conflicts with those: ask Debian only when the commands are missing.
command -v node >/dev/null 2>&1 || test_pkgs="$test_pkgs nodejs"
command -v npm >/dev/null 2>&1 || test_pkgs="$test_pkgs npm"

pkgs=$build_pkgs
[ "${1:-}" = "--build-only" ] || pkgs="$build_pkgs $test_pkgs"

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "install-deps: installing Debian packages:$missing" >&2
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root (or install sudo) to install them" >&2
    exit 1
  fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
fi

if [ "${1:-}" != "--build-only" ] && [ -f "$here/tests/interop/package.json" ]; then
  if [ ! -d "$here/tests/interop/node_modules/ical.js" ]; then
    echo "install-deps: installing npm packages for the interop tests" >&2
    (cd "$here/tests/interop" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi
