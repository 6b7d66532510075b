#!/usr/bin/env python3
"""Where each sector's emissions land: shares of every production.tif band in urban, cropland,
grassland, forest and other cells (MODIS IGBP classes of the land-cover raster), and at points
(cells holding a fossil power plant of the plant list), for docs/production.md.

Cells with a plant count as "points" whole; every other 0.1° cell is split between the class
groups by the share of its 0.05° land-cover cells in each (the land-cover grid must nest in the
production grid: an integer number of its cells per production cell, same origin).
Groups: urban 13; cropland 12, 14; grassland 8, 9, 10 (savannas included, as the grassland
proxy); forest 1-5; other: water 0, shrublands 6-7, wetlands 11, snow 15, barren 16, no data.

  landing_shares.py PRODUCTION_TIF LANDCOVER_TIF PLANTS_CSV      (prints a Markdown table, %)
"""
import csv
import sys

import numpy as np
import rasterio

production, landcover, plants = sys.argv[1:4]
groups = {"urban": [13], "cropland": [12, 14], "grassland": [8, 9, 10], "forest": [1, 2, 3, 4, 5]}
with rasterio.open(production) as p, rasterio.open(landcover) as lc:
    t, u = p.transform, lc.transform
    k = round(t.a / u.a)
    assert abs(t.a - k * u.a) < 1e-9 and abs(t.c - u.c) < 1e-9 and abs(t.f - u.f) < 1e-9, "land cover does not nest in the grid"
    classes = lc.read(1)[: p.height * k, : p.width * k]
    fractions = {}
    for name, codes in groups.items():
        hit = np.isin(classes, codes).astype(np.float64)
        fractions[name] = hit.reshape(p.height, k, p.width, k).mean(axis=(1, 3))
    fractions["other"] = 1 - sum(fractions.values())
    point = np.zeros((p.height, p.width), dtype=bool)
    with open(plants, newline="") as f:
        for row in csv.DictReader(f):
            r, c = ~t * (float(row["longitude"]), float(row["latitude"]))
            r, c = int(np.floor(c)), int(np.floor(r))
            if 0 <= r < p.height and 0 <= c < p.width:
                point[r, c] = True
    names = ["points"] + list(groups) + ["other"]
    print("| band | total (Mt CO2e) | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for b, code in enumerate(p.descriptions, start=1):
        values = np.nan_to_num(p.read(b).astype(np.float64))
        total = values.sum()
        if code in ("production_co2",) or total == 0:
            continue
        shares = [values[point].sum() / total]
        rest = np.where(point, 0, values)
        shares += [(rest * fractions[n]).sum() / total for n in names[1:]]
        print(f"| {code} | {total / 1e6:,.0f} | " + " | ".join(f"{100 * s:.1f}" for s in shares) + " |")
