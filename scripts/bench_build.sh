#!/usr/bin/env bash
# Benchmarks of issue 3, release build, each side by side with its peer in one run:
# 1. gridding: holomap build vs scripts/reference_gridding.py (numpy + rasterio + exactextract,
#    same inputs and method, writing a GeoTIFF): OWID 2022 (CO2 by sector + CH4 + N2O), GPW 2000
#    population, Natural Earth 1:10m (ADM0_A3); grids 0.1° (and 0.01° with --fine);
# 2. tiles: holomap tiles vs gdal2tiles.py --xyz --processes=2 on the same 0.1° total layer, zoom 0-6.
# Usage: scripts/bench_build.sh [--fine]   (after make release and scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$(realpath "${HOLOMAP_SHARED_DATA:-../shared/data}")
PY=${HOLOMAP_PYTHON:-.venv/bin/python}
BIN=.build/release/holomap
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
source scripts/bench_gridding_config.sh

measure() {  # label, command... → prints wall time and peak memory; keeps them in $TMP/last
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err"; exit 1; }
  read -r wall kb < "$TMP/time"
  printf "%-34s %8.2f s %8.0f MB\n" "$label" "$wall" "$((kb / 1024))"
  echo "$wall $kb" > "$TMP/last"
}
ratio() { awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN{printf "  peer/holomap: time %.1f×, memory %.1f×\n", c/a, d/b}'; }

write_gridding_config "$TMP/bench.yaml"

echo "machine: $(nproc) cores; $($BIN --version | tr '\n' ' ')"
grids=(0.1); [[ ${1:-} == --fine ]] && grids+=(0.01)
for cell in "${grids[@]}"; do
  echo "== gridding at $cell°"
  measure "holomap build (cog)" $BIN build --config "$TMP/bench.yaml" --grid global-$cell --formats cog --out "$TMP/h$cell" --overwrite --quiet
  read -r hw hk < "$TMP/last"
  measure "python reference (numpy+exactextract)" $PY scripts/reference_gridding.py "$OWID" "$GPW" "$NE10" ADM0_A3 2022 "$TMP/ref$cell.tif" $cell --all-gases
  read -r pw pk < "$TMP/last"
  ratio $hw $hk $pw $pk
  $PY - "$TMP/h$cell/production.tif" "$TMP/ref$cell.tif" <<'PY'
import sys, numpy as np, rasterio
ours = rasterio.open(sys.argv[1]); names = ours.descriptions
total = ours.read(names.index("total") + 1).astype(np.float64)
ref = rasterio.open(sys.argv[2]).read(1)
print(f"  same result: totals {total.sum():.6e} vs {ref.sum():.6e} t; largest cell difference {np.abs(total-ref).max()/ref.max():.2e} of the largest cell")
PY
done

echo "== tiles, zoom 0-6, 0.1° total layer"
gdal_translate -q -b "$($PY -c "import rasterio;print(rasterio.open('$TMP/h0.1/production.tif').descriptions.index('total')+1)")" "$TMP/h0.1/production.tif" "$TMP/total.tif"
measure "holomap tiles" $BIN tiles --input "$TMP/total.tif" --band total --max-zoom 6 --out "$TMP/ht" --quiet 2>/dev/null || \
  measure "holomap tiles" $BIN tiles --input "$TMP/h0.1/production.tif" --band total --max-zoom 6 --out "$TMP/ht" --quiet
read -r hw hk < "$TMP/last"
gdal_translate -q -of VRT -ot Byte -scale "$TMP/total.tif" "$TMP/total-byte.vrt"   # gdal2tiles needs Byte input
measure "gdal2tiles.py --xyz --processes=2" gdal2tiles.py --xyz --processes=2 -z 0-6 -q "$TMP/total-byte.vrt" "$TMP/gt"
read -r gw gk < "$TMP/last"
ratio $hw $hk $gw $gk
echo "  tiles written: holomap $(find "$TMP/ht" -name '*.png' | wc -l) (empty tiles omitted), gdal2tiles $(find "$TMP/gt" -name '*.png' | wc -l)"
