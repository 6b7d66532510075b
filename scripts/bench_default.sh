#!/usr/bin/env bash
# Default formats against the COG alone, release, in one run: the README's main job (default
# bundle, COG + CF NetCDF + tiles) and the same with --formats cog, at global-0.1, global-0.01
# and Japan's window of global-0.01; then the reference NetCDF writer
# (scripts/bench_netcdf_reference.py: netCDF4-python, the same variables, chunks and filters)
# on each build's layers. Wall time and peak memory of whole processes; the reference's time
# counts only its writing.
# Usage: scripts/bench_default.sh [RUNS]   (after make release and scripts/setup.sh test)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
PY=${HOLOMAP_PYTHON:-.venv/bin/python}
BIN=${HOLOMAP_BIN:-.build/release/holomap}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "machine: $(nproc) cores; $($BIN --version | tr '\n' ' ')"
run() {  # label, then build arguments
  local label=$1; shift
  rm -rf "$TMP/out"
  /usr/bin/time -f "%e %M" -o "$TMP/t" $BIN build "$@" --out "$TMP/out" --quiet
  read -r w k < "$TMP/t"
  printf '%-28s %8.2f s %8d MB  %s\n' "$label" "$w" $((k / 1024)) "$(du -sm "$TMP/out" | cut -f1) MB written"
}
for case in "global-0.1" "global-0.01" "global-0.01 --countries JPN"; do
  read -r grid extra <<<"$case"
  echo "== $case"
  for ((i = 0; i < RUNS; i++)); do
    run "default formats" --grid $grid $extra
    run "COG only" --grid $grid $extra --formats cog
  done
  rm -rf "$TMP/ref"
  $BIN build --grid $grid $extra --formats cog --out "$TMP/ref" --quiet
  $PY scripts/bench_netcdf_reference.py "$TMP/ref" "$TMP/ref.nc"
  rm -rf "$TMP/ref" "$TMP/ref.nc"
done
