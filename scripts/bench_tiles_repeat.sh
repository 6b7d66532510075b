#!/usr/bin/env bash
# Repeats the tiles comparison of scripts/bench_build.sh N times (default 5), to see the spread:
# holomap tiles vs gdal2tiles.py --xyz --processes=2, zoom 0-6, on one total layer.
# Usage: scripts/bench_tiles_repeat.sh TOTAL.tif [N]
#   TOTAL.tif: the 0.1° total band, for example
#   gdal_translate -b <index of 'total'> production.tif total.tif   (production.tif of bench_build's 0.1° build)
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=$(realpath "$1"); N=${2:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
gdal_translate -q -of VRT -ot Byte -scale "$INPUT" "$T/total-byte.vrt"   # gdal2tiles needs Byte input
for i in $(seq "$N"); do
  /usr/bin/time -f "%e" -o "$T/h" .build/release/holomap tiles --input "$INPUT" --band total --max-zoom 6 --out "$T/ht" --quiet
  /usr/bin/time -f "%e" -o "$T/g" gdal2tiles.py --xyz --processes=2 -z 0-6 -q "$T/total-byte.vrt" "$T/gt"
  echo "run $i: holomap $(cat "$T/h") s, gdal2tiles $(cat "$T/g") s, ratio $(awk -v a="$(cat "$T/h")" -v b="$(cat "$T/g")" 'BEGIN{printf "%.1f", b/a}')×"
  rm -rf "$T/ht" "$T/gt"
done
