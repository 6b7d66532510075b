#!/usr/bin/env python3
"""The power plants' CO2 of a build against two independent figures of direct emissions: the
inventory's power sector (EDGAR v7.0 "Power Industry", all GHG, from the default bundle) and the
national inventories' 1.A.1.a "Public electricity and heat production" CO2 reported to the UNFCCC
(Annex I, to 2019). Neither is what the plants' weights were made from (Ember generation by fuel).
Usage: plants_vs_inventories.py MANIFEST SHARED_DATA_DIR YEAR [N]
  MANIFEST: manifest.json of `holomap build --year YEAR` (default bundle); N countries (default 12).
Prints two tables: country, the inventory's figure, Σ plant CO2 (Mt) and plants / inventory − 1.
"""
import csv, gzip, json, sys
from pathlib import Path

manifest, data, year = json.load(open(sys.argv[1])), Path(sys.argv[2]), int(sys.argv[3])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 12
root = Path(__file__).resolve().parent.parent
entry = next(y for y in manifest["power_plants"]["years"] if y["year"] == year)
plants = {c["iso3"]: c for c in entry["countries"] if c["running"] > 0}

def table(title, inventory):
    print(title)
    for iso in sorted((k for k in inventory if k in plants), key=lambda k: -inventory[k])[:n]:
        p = plants[iso]["plant_co2"]
        print(f"  {iso}  {inventory[iso] / 1e6:9.1f}  {p / 1e6:9.1f}  {p / inventory[iso] - 1:+7.1%}  statistics {plants[iso]['statistics_year']}")

edgar = {}
for r in csv.DictReader(open(root / "grids" / "default-bundle" / "edgar-v7-ghg-by-sector-2015-2021.csv")):
    if r["Sector"] == "Power Industry" and r.get(str(year)):
        edgar[r["EDGAR Country Code"]] = float(r[str(year)]) * 1e6
table(f"EDGAR v7.0 Power Industry {year} (Mt CO2e), plants (Mt CO2), plants / EDGAR - 1", edgar)

if year <= 2019:
    # UNFCCC party names to ISO3 through OWID's country names (as make_bundle.py), plus the names that differ.
    iso = {}
    with gzip.open(data / "owid-co2" / "owid-co2-data.csv.gz", "rt", newline="") as f:
        for r in csv.DictReader(f):
            if len(r["iso_code"]) == 3 and not r["iso_code"].startswith("OWID"):
                iso[r["country"]] = r["iso_code"]
    iso.update({"United States of America": "USA", "Russian Federation": "RUS", "Türkiye": "TUR",
                "United Kingdom of Great Britain and Northern Ireland": "GBR", "Czechia": "CZE"})
    unfccc = {}
    with gzip.open(data / "unfccc-ghg-inventories" / "annex-one-sectors-1990-2019.csv.gz", "rt", newline="") as f:
        for r in csv.DictReader(f):
            if r["Category"].startswith("1.A.1.a") and r["Gas"] == "CO₂" and r["Unit"] == "kt" and r[str(year)] and r["Party"] in iso:
                unfccc[iso[r["Party"]]] = float(r[str(year)]) * 1e3
    table(f"UNFCCC 1.A.1.a CO2 {year} (Annex I), plants, plants / inventory - 1", unfccc)
