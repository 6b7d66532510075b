#!/usr/bin/env bash
# Installs what holomap needs on Debian 12, skipping what is already there; silent when nothing
# is missing. Uses sudo when not root.
#
#   scripts/setup.sh demo   what `make demo` needs: the C libraries to build against, and the
#                           data the main job reads at run time (apt only; no .venv)
#   scripts/setup.sh test   demo's packages, plus the tools the tests call (apt) and the
#                           validation peers (pip, into .venv/); the default
#   scripts/setup.sh MODE --dry-run   print the packages of MODE and which are missing; change nothing
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=test DRY_RUN=0
for arg in "$@"; do
  case $arg in
    demo|test) MODE=$arg ;;
    --dry-run|-n) DRY_RUN=1 ;;
    *) echo "usage: scripts/setup.sh [demo|test] [--dry-run]" >&2; exit 64 ;;
  esac
done

# Build: pkg-config and the -dev packages behind Package.swift's system-library modules
# (gdal, proj, netcdf, hdf5, libdeflate, libpng, libzstd, lapacke; openblas backs LAPACKE).
APT_BUILD=(pkg-config libgdal-dev libproj-dev libnetcdf-dev libhdf5-dev libdeflate-dev libpng-dev libzstd-dev liblapacke-dev libopenblas-dev)
# Run time: DCW-GMT boundaries (/usr/share/gmt-dcw, `--boundaries dcw`) and Leaflet for the
# tile viewer (/usr/share/javascript/leaflet). PROJ and GDAL data come with the libraries.
APT_RUNTIME=(gmt-dcw libjs-leaflet)
# Tests only: gdalinfo, gdallocationinfo, gdal_create, ogr2ogr (gdal-bin); ncdump (netcdf-bin);
# UDUNITS-2 for cfchecks; python3-venv for .venv; headless chromium for the tile viewer test.
APT_TEST=(gdal-bin netcdf-bin libudunits2-dev python3-venv chromium)
# Validation peers for the tests, pinned so results are comparable over time (rio-cogeo brings
# rasterio and numpy, which the tests' scripts import too; cfchecker brings netCDF4, which
# scripts/reference_natural.py reads the GCB grids with, beside openpyxl for the GCB workbook).
PIP_TEST=(exactextract==0.3.0 rio-cogeo==7.0.4 cfchecker==4.1.0 compliance-checker==6.1.0 jsonschema==4.26.0 openpyxl==3.1.5)
PIP_MODULES="exactextract, rio_cogeo, rasterio, numpy, cfchecker, compliance_checker, jsonschema, netCDF4, openpyxl"

apt_packages=("${APT_BUILD[@]}" "${APT_RUNTIME[@]}")
pip_packages=()
if [[ $MODE == test ]]; then
  apt_packages+=("${APT_TEST[@]}")
  pip_packages=("${PIP_TEST[@]}")
fi

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
pip_missing=0
if ((${#pip_packages[@]})); then
  if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c "import $PIP_MODULES" 2>/dev/null; then pip_missing=1; fi
fi

if ((DRY_RUN)); then
  echo "setup $MODE: apt: ${apt_packages[*]}"
  echo "setup $MODE: apt missing: ${missing[*]:-none}"
  echo "setup $MODE: pip (.venv): ${pip_packages[*]:-none}"
  if ((${#pip_packages[@]})); then
    echo "setup $MODE: pip missing: $(if ((pip_missing)); then echo "yes (.venv would be created or completed)"; else echo none; fi)"
  fi
  exit 0
fi

if ((${#missing[@]})); then
  echo "setup: installing apt packages: ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ((pip_missing)); then
  echo "setup: installing pip peers into .venv: ${pip_packages[*]}" >&2
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check "${pip_packages[@]}"
fi
