#!/usr/bin/env bash
# Benchmark of issue 4, release build, side by side in one run: footprints of synthetic MRIOs
# (49 regions × S sectors, 343 final-demand columns, pymrio text layout made by
# scripts/make_synthetic_mrio.py) with
#   holomap mrio footprints   (read, EEBT, one LU of I − A through LAPACK, regional accounts, CSV)
#   pymrio load_all + calc_all
#   numpy.linalg.solve((I − A), Y_reg) after pandas reads Z and Y
# each without and with OPENBLAS_CORETYPE=SkylakeX (Debian's OpenBLAS picks a slow kernel on
# this CPU; the variable is set only here, never in tests or CI).
# Usage: scripts/bench_mrio.sh [SECTORS_PER_REGION ...]   (default: 41 102 200 → n = 2009, 4998, 9800)
# Environment: HOLOMAP_BENCH_VENV (default .venv-bench, made with pymrio 0.7.0 if absent),
# HOLOMAP_BENCH_DIR (where the synthetic tables are kept; default a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/holomap
VENV=${HOLOMAP_BENCH_VENV:-.venv-bench}
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c "import pymrio" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check pymrio==0.7.0
fi
PY=$VENV/bin/python
WORK=${HOLOMAP_BENCH_DIR:-$(mktemp -d)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
sizes=("$@"); ((${#sizes[@]})) || sizes=(41 102 200)

measure() {  # label, command... → wall time and peak memory
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err"; exit 1; }
  read -r wall kb < "$TMP/time"
  printf "  %-26s %8.2f s %7.0f MB   %s\n" "$label" "$wall" "$((kb / 1024))" "$(grep -hE 'accounts|calc_all|solve' "$TMP/out" "$TMP/err" | tr '\n' ' ')"
}

echo "machine: $(nproc) cores; $($BIN --version | tr '\n' ' '); $($PY -c 'import numpy, pandas, pymrio; print("numpy", numpy.__version__, "pandas", pandas.__version__, "pymrio", pymrio.__version__)')"
for s in "${sizes[@]}"; do
  dir=$WORK/s$s
  [[ -f $dir/Z.txt ]] || $PY scripts/make_synthetic_mrio.py "$s" "$dir" >/dev/null
  echo "== n = $((49 * s)) (49 regions × $s sectors), 343 final-demand columns; Z.txt $(du -m "$dir/Z.txt" | cut -f1) MB"
  for core in default SkylakeX; do
    echo " OPENBLAS_CORETYPE: $core"
    if [[ $core == default ]]; then unset OPENBLAS_CORETYPE; else export OPENBLAS_CORETYPE=$core; fi
    measure "holomap mrio footprints" $BIN mrio footprints --dir "$dir" --out "$TMP/fp.csv" --overwrite
    measure "pymrio load_all+calc_all" $PY scripts/bench_mrio_peers.py pymrio "$dir"
    pymrio_value=$(grep -o 'D_cba\[co2, R00\] = [0-9.e+-]*' "$TMP/out" | awk '{print $4}')
    measure "numpy solve (+pandas read)" $PY scripts/bench_mrio_peers.py numpy "$dir"
    ours=$(grep '^D_cba,R00,co2,air,' "$TMP/fp.csv" | cut -d, -f5)
    echo "  same result: D_cba[co2, R00] holomap $ours, pymrio $pymrio_value"
  done
  unset OPENBLAS_CORETYPE
done
