#!/usr/bin/env python3
"""Independent reference for holomap's sector split (inventory.split), for the test suite.

From the raw files, not the bundle's table: EDGAR v7 "Other sectors" (Mt CO2e) of YEAR per
country, split by CAIT GHG shares of Fugitive emissions (1.B), Industry (2), Agriculture (3) and
Waste (4) of the latest CAIT year <= YEAR with a non-zero sum (CAIT names joined to ISO3 through
OWID's names, Timor -> TLS). Prints CSV: iso3,original,share_year,1.B,2,3,4 (Mt CO2e); countries
without CAIT shares are left out.

  reference_split.py EDGAR_V7_CSV CAIT_GHG_CSV_GZ OWID_CSV_GZ YEAR
"""
import csv
import gzip
import sys

edgar, cait, owid, year = sys.argv[1:5]
year = int(year)
iso = {"Timor": "TLS"}
with gzip.open(owid, "rt", newline="") as f:
    for row in csv.DictReader(f):
        if len(row["iso_code"]) == 3 and not row["iso_code"].startswith("OWID"):
            iso[row["country"]] = row["iso_code"]
columns = [("1.B", "Fugitive emissions"), ("2", "Industry"), ("3", "Agriculture"), ("4", "Waste")]
shares = {}
with gzip.open(cait, "rt", newline="") as f:
    for row in csv.DictReader(f):
        code, y = iso.get(row["Country"]), int(row["Year"])
        if code is None or y > year or y < 2010:
            continue
        amounts = [float(row[c] or 0) for _, c in columns]
        if sum(amounts) > 0 and (code not in shares or shares[code][0] < y):
            shares[code] = (y, amounts)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["iso3", "original", "share_year"] + [s for s, _ in columns])
with open(edgar, newline="") as f:
    for row in csv.DictReader(f):
        code = row["EDGAR Country Code"]
        if row["Sector"] != "Other sectors" or code not in shares or not row[str(year)]:
            continue
        value = float(row[str(year)])
        y, amounts = shares[code]
        total = sum(amounts)
        w.writerow([code, repr(value), y] + [repr(value * a / total) for a in amounts])
