#!/usr/bin/env bash
# Two holomap executables on the same workloads, alternately, release builds: their outputs must
# be byte-identical (rasters, NetCDF, tiles; the manifest, the viewer page index.html and the
# folder marker .holomap-output may differ) and
# the wall times are printed side by side (median of RUNS pairs).
#
#   scripts/compare_versions.sh OLD_BIN NEW_BIN [RUNS]     (ONLY="name ..." for some workloads)
#
# Build OLD_BIN from an earlier commit, for example:
#   git worktree add /tmp/old <commit> && (cd /tmp/old && swift build -c release)
#   scripts/compare_versions.sh /tmp/old/.build/release/holomap .build/release/holomap 3
# Workloads: the default bundle (EDGAR v7.0 2021, default formats cog, netcdf, tiles) at 1° and
# 0.1°; three years at 1° (OWID); China on china-albers-1km (cog); OWID 2022 with GPW and
# Natural Earth 1:10m at 0.1°, cog only (the gridding benchmark's workload); coverage of every
# DCW country at 0.1° (summary table); tiles zoom 0-6 of a 0.1° band; pymrio footprints of WIOD
# 2009 with GCB totals (its command has --domestic-transport, issue 11: both binaries need it). Needs
# ../shared/data (or HOLOMAP_SHARED_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$(realpath "$1"); NEW=$(realpath "$2"); RUNS=${3:-3}
DATA=$(realpath "${HOLOMAP_SHARED_DATA:-../shared/data}")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
source scripts/bench_gridding_config.sh
GCB="$DATA/gcb-2022-national/gcb2022_national_fossil_co2_territorial_consumption_transfers_MtC.csv"
write_gridding_config "$TMP/owid.yaml"

# name|arguments (OUT is replaced by the output path)
workloads=(
  "bundle-1|build --grid global-1 --out OUT --overwrite --quiet"
  "bundle-0.1|build --grid global-0.1 --out OUT --overwrite --quiet"
  "years-1|build --grid global-1 --year 2019,2020,2021 --inventory $PWD/grids/default-bundle/owid-co2-2010-2022.csv --inventory-format owid --out OUT --overwrite --quiet"
  "china-albers|build --grid china-albers-1km --countries CHN --formats cog --out OUT --overwrite --quiet"
  "owid-0.1-cog|build --config $TMP/owid.yaml --formats cog --out OUT --overwrite --quiet"
  "coverage-0.1|coverage --grid global-0.1 --country all --summary OUT --overwrite --quiet"
  "tiles-0.1|tiles --input TOTAL --band total --max-zoom 6 --out OUT --quiet"
  "mrio-wiod|adjustments --source mrio --data $DATA/wiod-mrio --mrio-format wiod --year 2009 --territorial $GCB --sector-shares $DATA/wiod-mrio/ewiod2016_co2_emissions_by_country_sector_kt_2000-2014.csv.gz --domestic-transport $DATA/edgar-v432-national-by-sector/edgar_v432_co2_by_country_ipcc1996_1970-2012.csv.gz --out OUT --overwrite"
)

run() {  # bin, name, args, out → seconds
  local bin=$1 name=$2 args=$3 out=$4
  args=${args//OUT/$out}; args=${args//TOTAL/$TMP/total.tif}
  rm -rf "$out"
  /usr/bin/time -f "%e" -o "$TMP/time" $bin $args >/dev/null 2>"$TMP/err" || { echo "$name failed: $(tail -1 "$TMP/err")" >&2; exit 1; }
  cat "$TMP/time"
}

same() {  # a, b → "identical" or the differing files (manifest.json, index.html and the .holomap-output marker excluded)
  local a=$1 b=$2
  if [[ -f $a ]]; then cmp -s "$a" "$b" && echo identical || echo "differs"; return; fi
  local diffs
  diffs=$(cd "$a" && find . -type f ! -name manifest.json ! -name index.html ! -name .holomap-output | sort | while read -r f; do
    cmp -s "$a/$f" "$b/$f" || echo "$f"; done)
  local extra
  extra=$(diff <(cd "$a" && find . -type f ! -name .holomap-output | sort) <(cd "$b" && find . -type f ! -name .holomap-output | sort) | grep '^[<>]' || true)
  if [[ -z $diffs && -z $extra ]]; then echo "identical ($(cd "$a" && find . -type f | wc -l) files)"; else echo "differs: $diffs $extra"; fi
}

echo "machine: $(nproc) cores; old: $($OLD --version | head -1); new: $($NEW --version | tr '\n' ' ')"
printf "%-14s %-34s %10s %10s %7s\n" workload "outputs" "old (s)" "new (s)" new/old
for w in "${workloads[@]}"; do
  name=${w%%|*}; args=${w#*|}
  # ONLY="bundle-1 bundle-0.1" runs a subset.
  if [[ -n ${ONLY:-} && " $ONLY " != *" $name "* ]]; then continue; fi
  if [[ $name == tiles-0.1 && ! -f $TMP/total.tif ]]; then
    $NEW build --grid global-0.1 --formats cog --out "$TMP/for-tiles" --quiet
    band=$(gdalinfo "$TMP/for-tiles/production.tif" | awk '/^Band /{b=$2} /Description = total$/{print b; exit}')
    gdal_translate -q -b "$band" "$TMP/for-tiles/production.tif" "$TMP/total.tif"
  fi
  ext=""; [[ $name == coverage-0.1 ]] && ext=.csv; [[ $name == mrio-wiod ]] && ext=.csv
  old_times=(); new_times=()
  for ((i = 0; i < RUNS; i++)); do
    old_times+=("$(run "$OLD" "$name" "$args" "$TMP/old-$name$ext")")
    new_times+=("$(run "$NEW" "$name" "$args" "$TMP/new-$name$ext")")
  done
  mo=$(printf "%s\n" "${old_times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  mn=$(printf "%s\n" "${new_times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  printf "%-14s %-34s %10s %10s %7s\n" "$name" "$(same "$TMP/old-$name$ext" "$TMP/new-$name$ext")" "$mo" "$mn" "$(awk -v a="$mo" -v b="$mn" 'BEGIN{printf "%.2f", b/a}')"
  echo "               runs old: ${old_times[*]}; new: ${new_times[*]}"
done
