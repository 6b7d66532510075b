#!/usr/bin/env python3
"""Independent reimplementation of holomap's population gridding, for the test suite.

Spreads OWID national CO2 (coal+oil+gas, flaring, cement+other industry) of one year over a 1°
grid by GPW population: coverage fractions from exactextract on the same polygons; each 0.5°
cell's people moved onto the land of the inventory's countries in the target cells it overlaps
(dasymetric: P_s × A(s∩t) L_t / Σ_t' A(s∩t') L_t', L_t = Σ_c coverage_c(t)), then
w = (people per unit of land fraction) × coverage,
cell = total × w / Σw; a country with no people falls back to coverage × cell area
(spherical-zone areas of the WGS 84 ellipsoid). Writes the 1° total as a GeoTIFF.

  reference_gridding.py OWID_CSV_GZ GPW_TIF VECTOR ID_FIELD YEAR OUT_TIF [CELL_DEGREES] [--all-gases]

CELL_DEGREES (default 1) sets a global grid; population moves to it by exact separable
area-weighted remapping. --all-gases adds OWID methane and nitrous_oxide (Mt CO2e) to the totals,
as holomap's OWID importer does (sector NT), for the benchmark.
"""
import csv
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import rasterio
from rasterio.transform import Affine
import exactextract

owid, gpw, vector, id_field, year, out = sys.argv[1:7]
year = int(year)
extra = [a for a in sys.argv[7:] if not a.startswith("--")]
cell = float(extra[0]) if extra else 1.0
all_gases = "--all-gases" in sys.argv
W, H = round(360 / cell), round(180 / cell)

totals = {}
with gzip.open(owid, "rt", newline="") as f:
    for row in csv.DictReader(f):
        iso = row["iso_code"]
        if len(iso) != 3 or iso.startswith("OWID") or int(row["year"]) != year:
            continue
        columns = ["coal_co2", "oil_co2", "gas_co2", "flaring_co2", "cement_co2", "other_industry_co2"]
        if all_gases:
            columns += ["methane", "nitrous_oxide"]
        parts = [row[c] for c in columns]
        values = [float(p) for p in parts if p != ""]
        if values:
            totals[iso] = sum(values) * 1e6  # Mt → t

with rasterio.open(gpw) as ds:
    pop = ds.read(1).astype(np.float64)
    nodata = ds.nodata
pop[(pop < 0) | (pop == nodata) | ~np.isfinite(pop)] = 0
# Ellipsoidal zone areas (authalic function), for remapping and the land-area fallback.
a, f = 6378137.0, 1 / 298.257223563
e2 = f * (2 - f); e = math.sqrt(e2); b = a * (1 - f)
def q(lat):
    s = np.sin(np.radians(lat))
    return s / (1 - e2 * s * s) + np.arctanh(e * s) / e
def zone(lat1, lat2):
    return b * b / 2 * (q(lat2) - q(lat1))

# Population from 0.5° to the target grid: separable shares (longitude length, latitude zone area).
src_lon = -180 + 0.5 * np.arange(721); src_lat = 90 - 0.5 * np.arange(361)
dst_lon = -180 + cell * np.arange(W + 1); dst_lat = 90 - cell * np.arange(H + 1)
lon_share = np.clip(np.minimum(src_lon[1:, None], dst_lon[None, 1:]) - np.maximum(src_lon[:-1, None], dst_lon[None, :-1]), 0, None) / 0.5
top = np.minimum(src_lat[:-1, None], dst_lat[None, :-1]); bottom = np.maximum(src_lat[1:, None], dst_lat[None, 1:])
lat_share = np.where(top > bottom, zone(bottom, np.maximum(top, bottom)), 0) / zone(src_lat[1:], src_lat[:-1])[:, None]
row_area = np.radians(cell) * zone(dst_lat[1:], dst_lat[:-1])

with tempfile.TemporaryDirectory() as tmp:
    grid = os.path.join(tmp, "grid.tif")
    with rasterio.open(grid, "w", driver="GTiff", width=W, height=H, count=1, dtype="uint8", crs="EPSG:4326",
                       transform=Affine(cell, 0, -180, 0, -cell, 90), tiled=True, compress="deflate", sparse_ok=True) as ds:
        pass
    geojson = os.path.join(tmp, "v.geojson")
    subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-select", id_field, geojson, vector], check=True)
    features = json.load(open(geojson))["features"]
    result = exactextract.exact_extract(grid, features, ["cell_id", "coverage"], include_cols=[id_field])

coverage = {}
for feat in result:
    p = feat["properties"]
    code = p[id_field]
    if code == "-99":
        continue
    ids = np.asarray(p["cell_id"], dtype=np.int64); fr = np.asarray(p["coverage"], dtype=np.float64)
    if code in coverage:  # several features of one code
        ids = np.concatenate([coverage[code][0], ids]); fr = np.concatenate([coverage[code][1], fr])
    coverage[code] = (ids, fr)

# Land of the inventory's countries per target cell, then each source cell's people on it.
land = np.zeros(H * W)
for code in totals:
    if code in coverage:
        np.add.at(land, coverage[code][0], coverage[code][1])
land_seen = lat_share @ land.reshape(H, W) @ lon_share.T  # D_s / A_s
scaled = np.divide(pop, land_seen, out=np.zeros_like(pop), where=land_seen > 0)
pop1 = (lat_share.T @ scaled) @ lon_share
del lat_share, lon_share

grid_out = np.zeros(H * W)
flat_pop = pop1.ravel()
for code, total in sorted(totals.items()):
    if code not in coverage:
        continue
    ids, fr = coverage[code]
    w = flat_pop[ids] * fr
    if w.sum() <= 0:
        w = fr * row_area[ids // W]
    np.add.at(grid_out, ids, total * w / w.sum())

with rasterio.open(out, "w", driver="GTiff", width=W, height=H, count=1, dtype="float64", crs="EPSG:4326",
                   transform=Affine(cell, 0, -180, 0, -cell, 90), tiled=True, compress="deflate", predictor=3) as ds:
    ds.write(grid_out.reshape(H, W), 1)
print(f"reference: {len([c for c in totals if c in coverage])} countries, total {grid_out.sum():.6e} t")
