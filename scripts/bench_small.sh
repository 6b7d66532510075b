#!/usr/bin/env bash
# Small build, release, side by side with the reference pipeline in one run: one sector (OWID
# 2010 fossil and industry CO2 of every country, as IPCC 1.A.4 in a generic CSV), GPW v4 2000
# population, Natural Earth 1:50m (ADM0_A3), global-0.1, COG only, against
# scripts/reference_gridding.py (numpy + rasterio + exactextract) on the same inputs.
# Usage: scripts/bench_small.sh [RUNS]   (after make release and scripts/setup.sh test)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
DATA=$(realpath "${HOLOMAP_SHARED_DATA:-../shared/data}")
PY=${HOLOMAP_PYTHON:-.venv/bin/python}
BIN=${HOLOMAP_BIN:-.build/release/holomap}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OWID="$DATA/owid-co2/owid-co2-data.csv.gz"
GPW="$DATA/gpw-v4-population-0.5deg/gpw_v4_population_count_rev11_2000_30_min.tif"
NE50="/vsigzip/$DATA/natural-earth/ne_50m_admin_0_countries.geojson.gz"

# The inventory: the reference's per-country sum (coal, oil, gas, flaring, cement, other industry).
$PY - "$OWID" "$TMP/owid-2010-1A4.csv" <<'PY'
import csv, gzip, sys
columns = ["coal_co2", "oil_co2", "gas_co2", "flaring_co2", "cement_co2", "other_industry_co2"]
with gzip.open(sys.argv[1], "rt", newline="") as f, open(sys.argv[2], "w") as out:
    out.write("iso3,year,sector,gas,value,unit\n")
    for row in csv.DictReader(f):
        iso = row["iso_code"]
        if len(iso) != 3 or iso.startswith("OWID") or row["year"] != "2010":
            continue
        values = [float(row[c]) for c in columns if row[c] != ""]
        if values:
            out.write(f"{iso},2010,1.A.4,CO2,{sum(values)!r},Mt\n")
PY
cat > "$TMP/small.yaml" <<YAML
year: 2010
grid: global-0.1
boundaries: $NE50
id_field: ADM0_A3
inventory: {path: $TMP/owid-2010-1A4.csv, format: generic}
gwp: {table: $PWD/grids/default-bundle/gwp100.csv, set: AR5GWP100}
proxies: {population: $GPW}
YAML

echo "machine: $(nproc) cores; $($BIN --version | tr '\n' ' ')"
echo "== small build: OWID 2010 CO2 as 1.A.4, GPW, Natural Earth 1:50m, global-0.1, COG; $RUNS pairs"
ours=(); refs=()
for ((i = 0; i < RUNS; i++)); do
  rm -rf "$TMP/h"
  /usr/bin/time -f "%e %M" -o "$TMP/t" $BIN build --config "$TMP/small.yaml" --formats cog --out "$TMP/h" --quiet
  read -r w k < "$TMP/t"; ours+=("$w"); hk=$k
  /usr/bin/time -f "%e %M" -o "$TMP/t" $PY scripts/reference_gridding.py "$OWID" "$GPW" "$NE50" ADM0_A3 2010 "$TMP/ref.tif" 0.1 >/dev/null
  read -r w k < "$TMP/t"; refs+=("$w"); rk=$k
done
median() { printf "%s\n" "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mr=$(median "${refs[@]}")
printf "  holomap build (cog)                    median %6.2f s  (%s)  %5d MB\n" "$mo" "${ours[*]}" "$((hk / 1024))"
printf "  python reference (numpy+exactextract)  median %6.2f s  (%s)  %5d MB\n" "$mr" "${refs[*]}" "$((rk / 1024))"
awk -v a="$mo" -v b="$mr" 'BEGIN{printf "  reference/holomap: %.2f×\n", b/a}'
$PY - "$TMP/h/production.tif" "$TMP/ref.tif" <<'PY'
import sys, numpy as np, rasterio
ours = rasterio.open(sys.argv[1]); total = ours.read(ours.descriptions.index("total") + 1).astype(np.float64)
ref = rasterio.open(sys.argv[2]).read(1)
print(f"  same result: totals {total.sum():.6e} vs {ref.sum():.6e} t; largest cell difference {np.abs(total-ref).max()/ref.max():.2e} of the largest cell")
PY
