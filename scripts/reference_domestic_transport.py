#!/usr/bin/env python3
"""Independent check of domestic aviation and navigation in a default-bundle build.

Reads the raw shared data, not the bundle: EDGAR v7.0's "Transport" row of each country for the
year, EDGAR v4.3.2's 1A3a-e CO2, CH4 and N2O of 2012 (AR5 GWP100: CH4 28, N2O 265), and the
Natural Earth airports and ports GeoJSON. Prints JSON:
  expected: {iso3: {"1.A.3.a": t, "1.A.3.d": t}}   Transport x the 2012 share (t CO2e)
  at_airports: t of the 1.A.3.a band in cells holding a civil airport (type major, mid, small)
  at_ports:    t of the 1.A.3.d band in cells holding a port
  band_a, band_d: the bands' sums (t)
Usage: reference_domestic_transport.py BUILD_DIR SHARED_DATA YEAR ISO3[,ISO3...]
"""
import csv
import gzip
import json
import sys

import numpy as np
import rasterio

build, data, year, countries = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")

transport = {}
with open(f"{data}/edgar-v7-ghg-by-sector/edgar_v7.0_ghg_by_sector_country_AR5_MtCO2eq_1970-2021.csv", newline="") as f:
    for row in csv.DictReader(f):
        if row["Sector"] == "Transport" and row["EDGAR Country Code"] in countries:
            transport[row["EDGAR Country Code"]] = float(row[year]) * 1e6

gwp = {"co2": 1.0, "ch4": 28.0, "n2o": 265.0}
parts = {c: dict.fromkeys("abcde", 0.0) for c in countries}
for gas, factor in gwp.items():
    with gzip.open(f"{data}/edgar-v432-national-by-sector/edgar_v432_{gas}_by_country_ipcc1996_1970-2012.csv.gz", "rt", newline="") as f:
        for row in csv.DictReader(f):
            code = row["IPCC"]
            if row["ISO_A3"] in parts and code.startswith("1A3") and len(code) == 4:
                parts[row["ISO_A3"]][code[3]] += float(row["2012"] or 0) * factor
expected = {}
for c in countries:
    total = sum(parts[c].values())
    expected[c] = {"1.A.3.a": transport[c] * parts[c]["a"] / total, "1.A.3.d": transport[c] * parts[c]["d"] / total}

ds = rasterio.open(f"{build}/production.tif")
names = list(ds.descriptions)


def band(code):
    return np.nan_to_num(ds.read(names.index(code) + 1).astype(np.float64))


def cells(points):
    out = set()
    for lon, lat in points:
        col, row = ~ds.transform * (lon, lat)
        out.add((int(np.floor(row)), int(np.floor(col)) % ds.width))
    return out


def mass(values, where):
    return float(sum(values[r, c] for r, c in where if 0 <= r < ds.height))


airports = json.load(open(f"{data}/natural-earth-places-transport/ne_10m_airports.geojson"))["features"]
civil = [a["geometry"]["coordinates"][:2] for a in airports if a["properties"]["type"].split()[0] in ("major", "mid", "small")]
ports = [p["geometry"]["coordinates"][:2] for p in json.load(open(f"{data}/natural-earth-places-transport/ne_10m_ports.geojson"))["features"]]
a, d = band("1.A.3.a"), band("1.A.3.d")
print(json.dumps({"expected": expected, "at_airports": mass(a, cells(civil)), "at_ports": mass(d, cells(ports)),
                  "band_a": float(a.sum()), "band_d": float(d.sum())}))
