#!/usr/bin/env python3
"""Writes the default input bundle grids/default-bundle/ from ../shared/data.

Derived, small files only (sources and licences in docs/DATA.md):
  edgar-v7-ghg-by-sector-2015-2021.csv  EDGAR v7.0 GHG (AR5 GWP100, Mt CO2e) by five sectors and country, 2015-2021
  owid-co2-2010-2022.csv      OWID CO2 dataset: countries (3-letter iso_code), 2010-2022, the columns holomap reads
  population-gpw-v4-2000-0.5deg.tif  GPW v4.11 population count 2000, 0.5°, re-encoded as a DEFLATE GeoTIFF
  landcover-modis-igbp-2019-0.05deg.tif  MODIS MCD12C1 v006 2019 IGBP majority class, 0.05°, re-encoded (same values)
  power-plants-fossil.csv     WRI GPPD v1.2.0: fossil plants (Coal, Gas, Oil, Petcoke, Cogeneration), 9 columns
  electricity-generation-by-fuel-2000-2021.csv  Ember/BP via OWID (2022): coal, gas, oil generation (TWh),
                              power-sector CO2e (Mt, life-cycle, all sources) and its coal, gas and oil part
                              by country (ISO3 joined on OWID's country names) and year
  gwp100.csv                  GWP100 of AR4, AR5 and AR6 for every species in the openclimatedata table
  fuel-factors.csv            IPCC 2006 default CO2 factors (kg CO2/TJ, derived from Table 1.3) and assumed efficiencies
  shipping-lanes.csv          Benden (2022) shipping lanes: vertices (lane, class, lon, lat; 4 decimals) of each line
  airports.csv                Natural Earth 10m airports (v4.0.0): iata, name, type, iso3, lon, lat
  ports.csv                   Natural Earth 10m ports (v4.0.0): name, iso3, lon, lat (no throughput: each weighs one;
                              duplicates at one position once); iso3 of both from the Natural Earth 50m admin-0
                              polygon holding the point, else the nearest within 25 km, else empty
  populated-places.csv        Natural Earth 10m populated places (v5.1.2): name, iso3 (ADM0_A3), pop_min, lon, lat
  bunker-split-edgar-v7.csv   EDGAR v7.0 global AIR and SEA rows (Mt CO2e, AR5) by year: splits a combined bunker total
  sector-split-cait-2010-2018.csv  CAIT GHG (Mt CO2e, AR4) by country (ISO3 joined on OWID's country names) and year:
                              fugitive (1.B), industry (2), agriculture (3.A livestock and 3.C soils/rice/burning by
                              EDGAR v4.3.2's shares of min(year, 2012); 3 where it has none), waste (4): splits
                              EDGAR v7's "Other sectors"
  transport-split-edgar-v432-2010-2012.csv  EDGAR v4.3.2 CO2, CH4 and N2O (Gg CO2e, AR5) of domestic aviation
                              (1.A.3.a), road (1.A.3.b), rail (1.A.3.c), inland navigation (1.A.3.d) and other
                              transport (1.A.3.e) by country and year: splits EDGAR v7's "Transport" (1.A.3)
  nt-split-edgar-v432-2010-2012.csv  EDGAR v4.3.2 CH4 and N2O (Gg of the gas) by country, year and gas, in the
                              sectors 1.A, 1.B, 2, 3.A, 3.C, 4, 5: splits OWID's national CH4 and N2O (NT)
Usage: python3 scripts/make_bundle.py [SHARED_DATA_DIR]
"""
import csv
import gzip
import io
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
data = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data"
out = root / "grids" / "default-bundle"
out.mkdir(parents=True, exist_ok=True)

# OWID: countries only, 2010-2022, the columns the OWID importer needs plus co2 for checks.
cols = ["country", "year", "iso_code", "co2", "coal_co2", "oil_co2", "gas_co2", "flaring_co2", "cement_co2",
        "other_industry_co2", "methane", "nitrous_oxide", "consumption_co2", "trade_co2", "population"]
with gzip.open(data / "owid-co2" / "owid-co2-data.csv.gz", "rt", newline="") as f, \
        open(out / "owid-co2-2010-2022.csv", "w", newline="") as g:
    r = csv.DictReader(f)
    w = csv.writer(g, lineterminator="\n")
    w.writerow(cols)
    for row in r:
        iso = row["iso_code"]
        if len(iso) == 3 and not iso.startswith("OWID") and 2010 <= int(row["year"]) <= 2022:
            w.writerow([row[c] for c in cols])

# EDGAR v7.0: the default inventory (by sector), recent years, same rows and values.
with open(data / "edgar-v7-ghg-by-sector" / "edgar_v7.0_ghg_by_sector_country_AR5_MtCO2eq_1970-2021.csv", newline="") as f, \
        open(out / "edgar-v7-ghg-by-sector-2015-2021.csv", "w", newline="") as g:
    r = csv.reader(f)
    w = csv.writer(g, lineterminator="\n")
    head = next(r)
    keep = [0, 1, 2] + [i for i, name in enumerate(head) if name.isdigit() and 2015 <= int(name) <= 2021]
    w.writerow([head[i] for i in keep])
    for row in r:
        w.writerow([row[i] for i in keep])

# GPW: same grid and values, re-encoded (DEFLATE, tiled) by GDAL.
subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3", "-co", "TILED=YES",
                str(data / "gpw-v4-population-0.5deg" / "gpw_v4_population_count_rev11_2000_30_min.tif"),
                str(out / "population-gpw-v4-2000-0.5deg.tif")], check=True)

# MODIS IGBP land cover 2019 at 0.05°: same grid and classes, re-encoded by GDAL. The file's CRS is
# lon/lat on Clarke 1866; it is written as WGS 84 lon/lat, as its PROVENANCE.md says to treat it.
subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:4326", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2",
                "-co", "TILED=YES", str(data / "modis-mcd12c1-landcover-2019-0.05deg" / "MCD12C1.A2019001.006.2020220162300.tif"),
                str(out / "landcover-modis-igbp-2019-0.05deg.tif")], check=True)

# GPPD: fossil plants only.
fossil = {"Coal", "Gas", "Oil", "Petcoke", "Cogeneration"}
keep = ["country", "gppd_idnr", "name", "latitude", "longitude", "primary_fuel", "capacity_mw", "commissioning_year",
        "estimated_generation_gwh"]
with gzip.open(data / "wri-gppd" / "global_power_plant_database_v1.2.0_core.csv.gz", "rt", newline="") as f, \
        open(out / "power-plants-fossil.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(keep)
    for row in csv.DictReader(f):
        if row["primary_fuel"] in fossil:
            w.writerow([row[c] for c in keep])

# Ember/BP generation by fossil fuel and power-sector CO2, keyed by ISO3 through OWID's own
# country names (the file has no codes); aggregates (World, Africa, EU...) have no code and drop out.
iso_by_name = {}
with gzip.open(data / "owid-co2" / "owid-co2-data.csv.gz", "rt", newline="") as f:
    for row in csv.DictReader(f):
        if len(row["iso_code"]) == 3 and not row["iso_code"].startswith("OWID"):
            iso_by_name[row["country"]] = row["iso_code"]
columns = {"coal_twh": "Electricity from coal (TWh)", "gas_twh": "Electricity from gas (TWh)",
           "oil_twh": "Electricity from oil (TWh)", "power_co2_mt": "Emissions (MtCO2)"}
# Ember's "Emissions" are life-cycle CO2e of every source: generation × fixed factors, the IPCC AR5
# WG III Annex III medians where AR5 has one (scripts/ember_emission_factors.py recovers them from
# the file, every country-year within 1 % + 0.02 Mt). fossil_co2_mt is their coal, gas and oil part,
# Ember's own factors × that generation (g CO2e/kWh: coal 820, gas 490 from AR5; oil 700, Ember's, as
# AR5 gives none), the figure the plants' CO2 is checked against; empty where Ember has no emissions.
fossil_factors = {"Electricity from coal (TWh)": 820, "Electricity from gas (TWh)": 490, "Electricity from oil (TWh)": 700}
def fossil_co2(row):
    if not row["Emissions (MtCO2)"]:
        return ""
    return f"{sum(float(row[c]) * g for c, g in fossil_factors.items() if row[c]) / 1000:.4f}"
rows = []
with gzip.open(data / "electricity-carbon-intensity-by-country" / "owid_electricity_mix_bp_ember_2022.csv.gz", "rt", newline="") as f:
    for row in csv.DictReader(f):
        iso = iso_by_name.get(row["Country"])
        if iso and 2000 <= int(row["Year"]) <= 2021 and any(row[c] for c in columns.values()):
            rows.append([iso, row["Year"]] + [row[c] for c in columns.values()] + [fossil_co2(row)])
with open(out / "electricity-generation-by-fuel-2000-2021.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["iso3", "year"] + list(columns) + ["fossil_co2_mt"])
    w.writerows(sorted(rows, key=lambda r: (r[0], int(r[1]))))

# GWP100 columns of AR4, AR5 and AR6.
lines = [l for l in open(data / "gwp" / "globalwarmingpotentials.csv") if not l.startswith("#")]
with open(out / "gwp100.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["Species", "AR4GWP100", "AR5GWP100", "AR6GWP100"])
    for row in csv.DictReader(io.StringIO("".join(lines))):
        w.writerow([row["Species"], row["AR4GWP100"], row["AR5GWP100"], row["AR6GWP100"]])

# Fuel factors: IPCC 2006 default CO2 factors; efficiencies are holomap's documented assumptions.
ef = {r["product"]: r["co2_ef_kg_per_TJ_def"] for r in csv.DictReader(open(data / "ipcc2006-default-factors" / "DERIVED_co2_ef_fuel_combustion_from_table1.3.csv"))}
with open(out / "fuel-factors.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["fuel", "co2_kg_per_tj", "efficiency", "generation_fuel"])
    # Net efficiencies (docs/production.md): coal 0.38 lies between 0.35 (973 g/kWh, above every
    # coal-heavy fleet in Ember's table) and the 0.45 of AR5's direct factor for modern pulverised
    # coal (760 g/kWh). generation_fuel: the fuel of the generation statistics a plant counts under.
    for fuel, product, eff, group in [("Coal", "other_bituminous_coal", 0.38, "coal"), ("Gas", "natural_gas", 0.45, "gas"),
                                      ("Oil", "residual_fuel_oil", 0.35, "oil"), ("Petcoke", "petroleum_coke", 0.35, "oil"),
                                      ("Cogeneration", "natural_gas", 0.45, "gas")]:
        w.writerow([fuel, ef[product], eff, group])
# Bunkers: shipping lanes as vertex rows (one lane per line of each MultiLineString, repeated
# vertices dropped), airports as points, and EDGAR v7's global aviation/shipping split by year.
import json
with gzip.open(data / "shipping-lanes-benden2022" / "Shipping_Lanes_v1.geojson.gz", "rt") as f:
    lanes = json.load(f)
with open(out / "shipping-lanes.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["lane", "class", "lon", "lat"])
    for feature in lanes["features"]:
        kind = feature["properties"]["Type"]
        for k, line in enumerate(feature["geometry"]["coordinates"]):
            last = None
            for lon, lat in line:
                p = (f"{lon:.4f}", f"{lat:.4f}")
                if p != last:
                    w.writerow([f"{kind}-{k}", kind, p[0], p[1]])
                last = p
# The country of a point (airports, ports carry none): the Natural Earth 50m admin-0 polygon that
# holds it (ISO_A3, else ADM0_A3 for France, Norway and the like; Kosovo as XKX, Somaliland as
# Somalia, Northern Cyprus as Cyprus), else the nearest polygon within 25 km (a pier, a runway on
# reclaimed land), else none. So a border airport is its own country's, whatever the grid.
with gzip.open(data / "natural-earth" / "ne_50m_admin_0_countries.geojson.gz", "rt") as f:
    admin0 = json.load(f)["features"]
aliases = {"KOS": "XKX", "SOL": "SOM", "CYN": "CYP"}
shapes = []
for feature in admin0:
    p = feature["properties"]
    code = p["ISO_A3"] if p["ISO_A3"] != "-99" else p["ADM0_A3"]
    g = feature["geometry"]
    for polygon in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]):
        xs = [x for ring in polygon for x, _ in ring]
        ys = [y for ring in polygon for _, y in ring]
        shapes.append((aliases.get(code, code), (min(xs), min(ys), max(xs), max(ys)), polygon))


def inside(x, y, polygon):
    hits = 0
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                hits += 1
    return hits % 2 == 1


def km_to_edges(x, y, polygon):
    import math
    k = math.cos(math.radians(y))
    best = float("inf")
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            ax, ay, bx, by = (x0 - x) * k, y0 - y, (x1 - x) * k, y1 - y
            dx, dy = bx - ax, by - ay
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy) * 111.32)
    return best


def country_of(x, y):
    for code, (x0, y0, x1, y1), polygon in shapes:
        if x0 <= x <= x1 and y0 <= y <= y1 and inside(x, y, polygon):
            return code
    near = [(km_to_edges(x, y, polygon), code) for code, (x0, y0, x1, y1), polygon in shapes
            if x0 - 0.5 <= x <= x1 + 0.5 and y0 - 0.5 <= y <= y1 + 0.5]
    near = [n for n in near if n[0] <= 25]
    return min(near)[1] if near else ""


with open(data / "natural-earth-places-transport" / "ne_10m_airports.geojson") as f:
    airports = json.load(f)
with open(out / "airports.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["iata", "name", "type", "iso3", "lon", "lat"])
    for feature in airports["features"]:
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        w.writerow([p["iata_code"], p["name"], p["type"], country_of(lon, lat), f"{lon:.5f}", f"{lat:.5f}"])
split = {}
with open(data / "edgar-v7-ghg-by-sector" / "edgar_v7.0_ghg_by_sector_country_AR5_MtCO2eq_1970-2021.csv", newline="") as f:
    for row in csv.DictReader(f):
        if row["EDGAR Country Code"] in ("AIR", "SEA"):
            for year in range(1970, 2022):
                split.setdefault(year, {"AIR": 0.0, "SEA": 0.0})[row["EDGAR Country Code"]] += float(row[str(year)] or 0)
with open(out / "bunker-split-edgar-v7.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["year", "aviation", "shipping"])
    for year in sorted(split):
        w.writerow([year, f"{split[year]['AIR']:.6g}", f"{split[year]['SEA']:.6g}"])
# CAIT sub-sectors of EDGAR v7's "Other sectors" (processes, agriculture, waste, fugitive), as
# amounts: holomap uses their ratios (inventory.split). Entities without an OWID code (World,
# regions, European Union) drop out. CAIT's agriculture is split into livestock (3.A: EDGAR
# v4.3.2 4A enteric, 4B manure) and soils, rice, burning (3.C: 4C, 4D, 4F) by EDGAR v4.3.2's CH4,
# N2O and CO2 of min(year, 2012) in AR5 CO2e; a country without those rows keeps it whole (3).
gwp5 = {r["Species"]: float(r["AR5GWP100"]) for r in csv.DictReader(open(out / "gwp100.csv")) if r["Species"] in ("CH4", "N2O")}
farm = {}
for gas, factor in (("co2", 1.0), ("ch4", gwp5["CH4"]), ("n2o", gwp5["N2O"])):
    with gzip.open(data / "edgar-v432-national-by-sector" / f"edgar_v432_{gas}_by_country_ipcc1996_1970-2012.csv.gz", "rt", newline="") as f:
        for row in csv.DictReader(f):
            code = row["IPCC"]
            if not code.startswith("4"):
                continue
            part = 0 if code in ("4A", "4B") else 1
            for year in range(2010, 2013):
                farm.setdefault((row["ISO_A3"], year), [0.0, 0.0])[part] += float(row[str(year)] or 0) * factor
split_columns = ["1.B", "2", "3", "3.A", "3.C", "4"]
rows = []
with gzip.open(data / "cait-ghg-by-sector" / "ghg-by-sector-cait-2021.csv.gz", "rt", newline="") as f:
    for row in csv.DictReader(f):
        iso = iso_by_name.get(row["Country"]) or {"Timor": "TLS"}.get(row["Country"])  # OWID says Timor-Leste
        year = int(row["Year"])
        if iso and 2010 <= year <= 2018:
            agriculture = float(row["Agriculture"] or 0)
            livestock, crops = farm.get((iso, min(year, 2012)), [0.0, 0.0])
            whole, a, c = (0.0, agriculture * livestock / (livestock + crops), agriculture * crops / (livestock + crops)) \
                if livestock + crops > 0 else (agriculture, 0.0, 0.0)
            rows.append([iso, year, row["Fugitive emissions"], row["Industry"]] + [f"{v:.12g}" for v in (whole, a, c)] + [row["Waste"]])
with open(out / "sector-split-cait-2010-2018.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["iso3", "year"] + split_columns)
    w.writerows(sorted(rows, key=lambda r: (r[0], r[1])))

# Ports: Natural Earth has no throughput, so each port is one point of equal weight; a port
# listed twice at the same position (Baltimore, Jacksonville…) counts once.
with open(data / "natural-earth-places-transport" / "ne_10m_ports.geojson") as f:
    ports = json.load(f)
with open(out / "ports.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["name", "iso3", "lon", "lat"])
    seen = set()
    for feature in ports["features"]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        if (lon, lat) in seen:
            continue
        seen.add((lon, lat))
        w.writerow([feature["properties"]["name"], country_of(lon, lat), f"{lon:.5f}", f"{lat:.5f}"])

# Transport sub-sectors (EDGAR v4.3.2, IPCC 1996 1A3a-e; the last year is 2012) in AR5 CO2e:
# they split EDGAR v7's "Transport" so domestic flights go to airports and boats to ports.
transport_columns = ["1.A.3.a", "1.A.3.b", "1.A.3.c", "1.A.3.d", "1.A.3.e"]
transport = {}
for gas, factor in (("co2", 1.0), ("ch4", gwp5["CH4"]), ("n2o", gwp5["N2O"])):
    with gzip.open(data / "edgar-v432-national-by-sector" / f"edgar_v432_{gas}_by_country_ipcc1996_1970-2012.csv.gz", "rt", newline="") as f:
        for row in csv.DictReader(f):
            code = row["IPCC"]
            if not (code.startswith("1A3") and len(code) == 4):
                continue
            k = "abcde".index(code[3])
            for year in range(2010, 2013):
                transport.setdefault((row["ISO_A3"], year), [0.0] * 5)[k] += float(row[str(year)] or 0) * factor
with open(out / "transport-split-edgar-v432-2010-2012.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["iso3", "year"] + transport_columns)
    for (iso, year) in sorted(transport):
        w.writerow([iso, year] + [f"{v:.12g}" for v in transport[(iso, year)]])

# Populated places: read from Natural Earth's own zip with ogr2ogr (gdal-bin), the city's own
# population (POP_MIN), sorted by name and position so the file never depends on read order.
places_zip = data / "natural-earth-places-transport" / "ne_10m_populated_places_v5.1.2.zip"
text = subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", f"/vsizip/{places_zip}/ne_10m_populated_places.shp",
                       "-select", "NAME,ADM0_A3,POP_MIN,LONGITUDE,LATITUDE"], check=True, capture_output=True, text=True).stdout
places = [(r["NAME"], r["ADM0_A3"], int(float(r["POP_MIN"])), float(r["LONGITUDE"]), float(r["LATITUDE"])) for r in csv.DictReader(io.StringIO(text))]
with open(out / "populated-places.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["name", "iso3", "pop_min", "lon", "lat"])
    for name, iso, people, lon, lat in sorted(places, key=lambda p: (p[0], p[3], p[4])):
        w.writerow([name, iso, people, f"{lon:.5f}", f"{lat:.5f}"])
# OWID's CH4 and N2O are national totals (NT): EDGAR v4.3.2's own CH4 and N2O by IPCC 1996 code
# split them by gas (1A combustion, 1B fugitive, 2 and 3 processes and solvents, 4A/4B livestock,
# 4C/4D/4F soils, rice and burning, 6 waste, 7 other).
def nt_sector(code):
    for prefix, sector in (("1A", "1.A"), ("1B", "1.B"), ("2", "2"), ("3", "2"), ("4A", "3.A"), ("4B", "3.A"),
                           ("4C", "3.C"), ("4D", "3.C"), ("4F", "3.C"), ("6", "4"), ("7", "5")):
        if code.startswith(prefix):
            return sector
    return None


nt_columns = ["1.A", "1.B", "2", "3.A", "3.C", "4", "5"]
nt = {}
for gas in ("ch4", "n2o"):
    with gzip.open(data / "edgar-v432-national-by-sector" / f"edgar_v432_{gas}_by_country_ipcc1996_1970-2012.csv.gz", "rt", newline="") as f:
        for row in csv.DictReader(f):
            sector = nt_sector(row["IPCC"])
            if sector is None:
                continue
            for year in range(2010, 2013):
                nt.setdefault((row["ISO_A3"], year, gas.upper()), [0.0] * len(nt_columns))[nt_columns.index(sector)] += float(row[str(year)] or 0)
with open(out / "nt-split-edgar-v432-2010-2012.csv", "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["iso3", "year", "gas"] + nt_columns)
    for key in sorted(nt):
        w.writerow(list(key) + [f"{v:.12g}" for v in nt[key]])
print(f"wrote {out}")
