#!/usr/bin/env bash
# Installs what holomap needs on Debian 12, skipping what is already there:
# apt: the C libraries and command-line peers; pip (in .venv): the validation peers.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(pkg-config libgdal-dev libproj-dev libnetcdf-dev libpng-dev libzstd-dev liblapacke-dev libopenblas-dev gdal-bin netcdf-bin proj-bin
              gmt-dcw iso-codes libudunits2-dev python3-venv libjs-leaflet chromium)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing apt packages: ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Peers for the validation tests, pinned so results are comparable over time.
PIP_PACKAGES=(exactextract==0.3.0 rio-cogeo==7.0.4 cfchecker==4.1.0 compliance-checker==6.1.0)
if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c "import exactextract, rio_cogeo, cfchecker, compliance_checker" 2>/dev/null; then
  echo "setup: installing pip peers into .venv: ${PIP_PACKAGES[*]}" >&2
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check "${PIP_PACKAGES[@]}"
fi
