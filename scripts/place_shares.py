#!/usr/bin/env python3
"""Share of the population-spread waste layer (sector 4) in 0.1° cells holding a Natural Earth
populated place, with and without the places refinement (docs/production.md#population).

Usage: place_shares.py WITH/production.tif WITHOUT/production.tif [grids/default-bundle/populated-places.csv]
"""
import csv
import sys

import numpy as np
import rasterio

with_places, without = sys.argv[1], sys.argv[2]
places = sys.argv[3] if len(sys.argv) > 3 else "grids/default-bundle/populated-places.csv"
d = rasterio.open(with_places)
cells = {}
for r in csv.DictReader(open(places)):
    col, row = ~d.transform * (float(r["lon"]), float(r["lat"]))
    if 0 <= int(row) < d.height:
        key = (int(row), int(col) % d.width)
        cells[key] = cells.get(key, 0) + int(r["pop_min"])
for name, path in (("with places", with_places), ("without", without)):
    ds = rasterio.open(path)
    waste = np.nan_to_num(ds.read(list(ds.descriptions).index("4") + 1).astype(np.float64))
    at = sum(waste[r, c] for r, c in cells)
    small = sum(waste[r, c] for (r, c), people in cells.items() if people < 100_000)
    print(f"{name}: {100 * at / waste.sum():.1f} % of sector 4 in place cells, {100 * small / waste.sum():.2f} % in cells of places under 100,000")
