#!/usr/bin/env python3
"""Independent check of holomap's dasymetric population (docs/production.md#population): the
people each country should receive when every population cell's people go to the land in it,
split between countries by the land area each covers there.

  reference_population.py POPULATION.tif COVERAGE.tif MANIFEST.json

COVERAGE.tif: `holomap coverage --grid <the population raster's grid> --country all` (one band
per country, band description = ISO3, value = the covered fraction of the cell). Cell areas are
the closed-form WGS 84 zone areas. Only the countries in the manifest's population section count
as land. Prints JSON {iso3: expected people} and "_lost" (people in cells without their land).
"""
import json, sys
import numpy as np
import rasterio

population, coverage, manifest = sys.argv[1:4]
m = json.load(open(manifest))
# A former code (SCG, ANT) is spread over its successors' land: they are the land, not it.
composites = {c["iso3"]: c["spread_over"] for c in m["composites"]}
countries = sorted({c["iso3"] for c in m["population"]["countries"] if c["iso3"] not in composites}
                   | {s for parts in composites.values() for s in parts})
with rasterio.open(population) as p:
    people = p.read(1).astype(np.float64)
    nodata = p.nodata
    people[(~np.isfinite(people)) | (people < 0) | ((people == nodata) if nodata is not None else False)] = 0
with rasterio.open(coverage) as c:
    names = list(c.descriptions)
    bands = c.read()  # all at once: the bands are interleaved by pixel
    land = {code: bands[names.index(code)].astype(np.float64) for code in countries if code in names}
# Fractions of one grid's cells: the cell area is common to every country in a cell, so the split
# needs no areas at all.
total = sum(land.values())
share = np.divide(people, total, out=np.zeros_like(people), where=total > 0)
out = {code: float((share * f).sum()) for code, f in land.items()}
out["_lost"] = float(people[total == 0].sum())
json.dump(out, sys.stdout, sort_keys=True)
