#!/usr/bin/env bash
# Benchmark: holomap coverage vs exactextract (Python package), side by side in one run, on the
# same polygons (Natural Earth 1:10m, all countries) and the same grids (0.1° and 0.01°).
# Release build; whole-process wall time and peak memory from GNU time for both tools.
# Usage: scripts/bench_coverage.sh   (after `make release` and scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${HOLOMAP_SHARED_DATA:-../shared/data}
NE10="/vsizip/$(realpath "$DATA/natural-earth/ne_10m_admin_0_countries_deu.zip")/ne_10m_admin_0_countries_deu.shp"
PY=${HOLOMAP_PYTHON:-.venv/bin/python}
BIN=.build/release/holomap
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

measure() {  # label, command...  → "label wall_s peak_MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err"; exit 1; }
  read -r wall kb < "$TMP/time"
  printf "%-28s %8.2f s %8.0f MB\n" "$label" "$wall" "$((kb / 1024))"
  echo "$wall $kb" > "$TMP/last"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $($BIN --version | tr '\n' ' ')"
echo "exactextract $($PY -c 'import exactextract; print(exactextract.__version__)' 2>/dev/null || pip show exactextract 2>/dev/null | awk '/Version/{print $2}')"
for grid in global-0.1 global-0.01; do
  echo "== $grid, Natural Earth 1:10m, all countries"
  measure "holomap coverage" $BIN coverage --boundaries "$NE10" --id-field ADM0_A3 --grid $grid --country all \
      --summary "$TMP/holomap.csv" --overwrite --quiet
  read -r hw hk < "$TMP/last"
  measure "exactextract (python)" $PY scripts/exactextract_coverage.py "$NE10" ADM0_A3 grids/$grid.json --summary "$TMP/ee.csv"
  read -r ew ek < "$TMP/last"
  grep -o "exactextract: .*" "$TMP/err" | sed 's/^/  inside: /'
  awk -v hw=$hw -v ew=$ew -v hk=$hk -v ek=$ek 'BEGIN{printf "  time ratio exactextract/holomap = %.1f×, memory ratio = %.1f×\n", ew/hw, ek/hk}'
  # Same cells: compare cell counts and fraction sums per country.
  $PY - "$TMP/holomap.csv" "$TMP/ee.csv" <<'PY'
import sys, csv
ours = {r["iso3"]: r for r in csv.DictReader(open(sys.argv[1]))}
theirs = {r["id"]: r for r in csv.DictReader(open(sys.argv[2]))}
worst = max(abs(int(ours[k]["cells"]) - int(theirs[k]["cells"])) for k in theirs)
print(f"  countries: holomap {len(ours)}, exactextract {len(theirs)}; largest cell-count difference {worst}")
PY
done
if [[ ${1:-} != --quick ]]; then
  echo "== accuracy at 0.1° (1:10m): every cell"
  $BIN coverage --boundaries "$NE10" --id-field ADM0_A3 --grid global-0.1 --country all --cells "$TMP/cells.csv" --overwrite --quiet
  $PY scripts/exactextract_coverage.py "$NE10" ADM0_A3 grids/global-0.1.json --compare "$TMP/cells.csv" 2>/dev/null
fi
