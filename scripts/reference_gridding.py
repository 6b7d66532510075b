#!/usr/bin/env python3
"""Independent reimplementation of holomap's population gridding, for the test suite.

Spreads OWID national CO2 (coal+oil+gas, flaring, cement+other industry) of one year over a 1°
grid by GPW population: coverage fractions from exactextract on the same polygons, population
summed from 0.5° to 1° (2×2 blocks, exact for aligned grids), w = population × coverage,
cell = total × w / Σw; a country with no people falls back to coverage × cell area
(spherical-zone areas of the WGS 84 ellipsoid). Writes the 1° total as a GeoTIFF.

  reference_gridding.py OWID_CSV_GZ GPW_TIF VECTOR ID_FIELD YEAR OUT_TIF
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

totals = {}
with gzip.open(owid, "rt", newline="") as f:
    for row in csv.DictReader(f):
        iso = row["iso_code"]
        if len(iso) != 3 or iso.startswith("OWID") or int(row["year"]) != year:
            continue
        parts = [row[c] for c in ("coal_co2", "oil_co2", "gas_co2", "flaring_co2", "cement_co2", "other_industry_co2")]
        values = [float(p) for p in parts if p != ""]
        if values:
            totals[iso] = sum(values) * 1e6  # Mt → t

with rasterio.open(gpw) as ds:
    pop = ds.read(1).astype(np.float64)
    nodata = ds.nodata
pop[(pop < 0) | (pop == nodata) | ~np.isfinite(pop)] = 0
pop1 = pop.reshape(180, 2, 360, 2).sum(axis=(1, 3))

# Ellipsoidal 1° cell areas by row (authalic zone formula), for the land-area fallback.
a, f = 6378137.0, 1 / 298.257223563
e2 = f * (2 - f); e = math.sqrt(e2); b = a * (1 - f)
def q(lat):
    s = math.sin(math.radians(lat))
    return s / (1 - e2 * s * s) + math.atanh(e * s) / e
row_area = np.array([math.radians(1) * b * b / 2 * (q(90 - r) - q(89 - r)) for r in range(180)])

with tempfile.TemporaryDirectory() as tmp:
    grid = os.path.join(tmp, "grid.tif")
    with rasterio.open(grid, "w", driver="GTiff", width=360, height=180, count=1, dtype="uint8", crs="EPSG:4326",
                       transform=Affine(1, 0, -180, 0, -1, 90)) as ds:
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

grid_out = np.zeros(180 * 360)
flat_pop = pop1.ravel()
for code, total in sorted(totals.items()):
    if code not in coverage:
        continue
    ids, fr = coverage[code]
    w = flat_pop[ids] * fr
    if w.sum() <= 0:
        w = fr * row_area[ids // 360]
    np.add.at(grid_out, ids, total * w / w.sum())

with rasterio.open(out, "w", driver="GTiff", width=360, height=180, count=1, dtype="float64", crs="EPSG:4326",
                   transform=Affine(1, 0, -180, 0, -1, 90)) as ds:
    ds.write(grid_out.reshape(180, 360), 1)
print(f"reference: {len([c for c in totals if c in coverage])} countries, total {grid_out.sum():.6e} t")
