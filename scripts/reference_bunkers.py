#!/usr/bin/env python3
"""Independent checks of a build's `bunkers` band, from the original shared data (not the
bundle's derived tables, not holomap's code).

Usage: reference_bunkers.py BUILD_DIR SHARED_DATA_DIR EDGAR_V7_CSV YEAR
Prints JSON:
  inventory        t CO2e of EDGAR v7's global AIR + SEA rows of YEAR (Mt × 1e6)
  band_sum         Σ of the bunkers band of production.tif (Float32 cells, summed in Float64)
  at_airports      Σ of the band over cells holding a civil airport (Natural Earth type major/mid/small)
  on_lanes         Σ over cells a shipping lane touches (rasterio all_touched, grown by one cell), airports excluded
  elsewhere        Σ over every other cell
  lanes_at_sea     share of `on_lanes` in cells with no majority country (country.tif 0)
"""
import csv
import gzip
import json
import sys

import numpy as np
import rasterio
from rasterio import features

build, shared, edgar, year = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

inventory = 0.0
with open(edgar, newline="") as f:
    for row in csv.DictReader(f):
        if row["EDGAR Country Code"] in ("AIR", "SEA"):
            inventory += float(row[year]) * 1e6

with rasterio.open(f"{build}/production.tif") as d:
    band = d.read(d.descriptions.index("bunkers") + 1).astype(np.float64)
    transform, shape = d.transform, d.shape
with rasterio.open(f"{build}/country.tif") as d:
    country = d.read(1)

airports = np.zeros(shape, bool)
with open(f"{shared}/natural-earth-places-transport/ne_10m_airports.geojson") as f:
    for feat in json.load(f)["features"]:
        kind = feat["properties"]["type"]
        if kind.startswith(("major", "mid")) or kind == "small":
            lon, lat = feat["geometry"]["coordinates"][:2]
            r, c = rasterio.transform.rowcol(transform, lon, lat)
            if 0 <= r < shape[0] and 0 <= c < shape[1]:
                airports[r, c] = True

with gzip.open(f"{shared}/shipping-lanes-benden2022/Shipping_Lanes_v1.geojson.gz", "rt") as f:
    lanes = json.load(f)
touched = features.rasterize([(feat["geometry"], 1) for feat in lanes["features"]], out_shape=shape, transform=transform,
                             all_touched=True, dtype="uint8").astype(bool)
grown = touched.copy()
for dr in (-1, 0, 1):
    for dc in (-1, 0, 1):
        grown |= np.roll(np.roll(touched, dr, 0), dc, 1)
lanes_only = grown & ~airports

on_lanes = float(band[lanes_only].sum())
print(json.dumps({
    "inventory": inventory,
    "band_sum": float(band.sum()),
    "at_airports": float(band[airports].sum()),
    "on_lanes": on_lanes,
    "elsewhere": float(band[~airports & ~lanes_only].sum()),
    "lanes_at_sea": float(band[lanes_only & (country == 0)].sum()) / on_lanes if on_lanes else 0.0,
}))
