#!/usr/bin/env python3
"""Independent reference for holomap's sector split (inventory.split), for the test suite.

From the raw files, not the bundle's table: EDGAR v7 "Other sectors" (Mt CO2e) of YEAR per
country, split by CAIT GHG shares of Fugitive emissions (1.B), Industry (2), Agriculture (3) and
Waste (4) of the latest CAIT year <= YEAR with a non-zero sum (CAIT names joined to ISO3 through
OWID's names, Timor -> TLS); agriculture split into livestock (3.A: IPCC 1996 4A, 4B) and the
rest (3.C: other 4x) by EDGAR v4.3.2 CH4, N2O, CO2 of min(share year, 2012) in AR5 GWP100 from
the raw GWP table, or kept whole (3) without those rows. Prints CSV:
iso3,original,share_year,1.B,2,3,3.A,3.C,4 (Mt CO2e); countries without CAIT shares are left out.

  reference_split.py EDGAR_V7_CSV CAIT_GHG_CSV_GZ OWID_CSV_GZ YEAR EDGAR_V432_DIR GWP_CSV
"""
import csv
import gzip
import sys

edgar, cait, owid, year, v432, gwp_csv = sys.argv[1:7]
year = int(year)
gwp = {}
with open(gwp_csv) as f:
    for row in csv.DictReader(line for line in f if not line.startswith("#")):
        if row["Species"] in ("CH4", "N2O"):
            gwp[row["Species"]] = float(row["AR5GWP100"])
livestock, crops = {}, {}
for gas, factor in (("co2", 1.0), ("ch4", gwp["CH4"]), ("n2o", gwp["N2O"])):
    with gzip.open(f"{v432}/edgar_v432_{gas}_by_country_ipcc1996_1970-2012.csv.gz", "rt", newline="") as f:
        for row in csv.DictReader(f):
            if row["IPCC"].startswith("4"):
                target = livestock if row["IPCC"] in ("4A", "4B") else crops
                for y in range(2010, 2013):
                    target[(row["ISO_A3"], y)] = target.get((row["ISO_A3"], y), 0.0) + float(row[str(y)] or 0) * factor
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
w.writerow(["iso3", "original", "share_year", "1.B", "2", "3", "3.A", "3.C", "4"])
with open(edgar, newline="") as f:
    for row in csv.DictReader(f):
        code = row["EDGAR Country Code"]
        if row["Sector"] != "Other sectors" or code not in shares or not row[str(year)]:
            continue
        value = float(row[str(year)])
        y, amounts = shares[code]
        total = sum(amounts)
        fugitive, industry, agriculture, waste = (value * a / total for a in amounts)
        a, c = livestock.get((code, min(y, 2012)), 0.0), crops.get((code, min(y, 2012)), 0.0)
        farm = [0.0, agriculture * a / (a + c), agriculture * c / (a + c)] if a + c > 0 else [agriculture, 0.0, 0.0]
        w.writerow([code, repr(value), y] + [repr(v) for v in [fugitive, industry] + farm + [waste]])
