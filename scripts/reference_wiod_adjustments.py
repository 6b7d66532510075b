"""Independent reference for route (a) of `holomap adjustments --source mrio` (docs/consumption.md):
the WIOD 2013 table of a year with a CO2 satellite made of GCB territorial totals, in numpy with
L = (I - A)^-1 formed (holomap never forms it). Writes CSV
`variant,iso3,territorial,consumption,households,adjustment_pct` (Mt CO2) for four variants:
  as_published   JRC residence-based shares as they are, F_Y = 0 (holomap before issue 11 §a)
  bunkers_out    water/air transport (NACE H50/H51) held at EDGAR domestic navigation/aviation (1A3d/1A3a)
  households_fy  households' direct emissions (territorial - JRC industries) in F_Y, bunkers kept
  corrected      both (what holomap does now)
Usage: reference_wiod_adjustments.py DATA_DIR YEAR > out.csv   (DATA_DIR: /work/shared/data)
Needs numpy only. Reads boundaries/nace2-to-wiod35.csv from this repository.
"""
import csv, gzip, os, sys
import numpy as np

data, year = sys.argv[1], sys.argv[2]
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def rows(path):
    with (gzip.open(path, "rt") if path.endswith(".gz") else open(path)) as f:
        r = csv.reader(f)
        return next(r), list(r)

_, z = rows(f"{data}/wiod-mrio/wiot2013rel_{year}_Z_intermediate.csv.gz")
labels = [r[0].replace("ROM_", "ROU_") for r in z]
Z = np.array([[float(v) for v in r[1:]] for r in z])
yh, y = rows(f"{data}/wiod-mrio/wiot2013rel_{year}_Y_final_demand.csv.gz")
Y = np.array([[float(v) for v in r[1:]] for r in y])
fd_region = [c.split("_")[0].replace("ROM", "ROU") for c in yh[1:]]
x = Z.sum(1) + Y.sum(1)  # the identity, as holomap (WIOD's x is rounded)
regions = list(dict.fromkeys(l.split("_")[0] for l in labels))
sectors = [l.split("_", 1)[1] for l in labels if l.startswith(regions[0] + "_")]
C = len(sectors)

# GCB names of the 40 WIOD countries (the file names countries in English).
gcb_name = {"AUS": "Australia", "AUT": "Austria", "BEL": "Belgium", "BGR": "Bulgaria", "BRA": "Brazil", "CAN": "Canada",
            "CHN": "China", "CYP": "Cyprus", "CZE": "Czech Republic", "DEU": "Germany", "DNK": "Denmark", "ESP": "Spain",
            "EST": "Estonia", "FIN": "Finland", "FRA": "France", "GBR": "United Kingdom", "GRC": "Greece", "HUN": "Hungary",
            "IDN": "Indonesia", "IND": "India", "IRL": "Ireland", "ITA": "Italy", "JPN": "Japan", "KOR": "South Korea",
            "LTU": "Lithuania", "LUX": "Luxembourg", "LVA": "Latvia", "MEX": "Mexico", "MLT": "Malta", "NLD": "Netherlands",
            "POL": "Poland", "PRT": "Portugal", "ROU": "Romania", "RUS": "Russia", "SVK": "Slovakia", "SVN": "Slovenia",
            "SWE": "Sweden", "TUR": "Turkey", "TWN": "Taiwan", "USA": "USA"}
gcb = {}
for r in csv.reader(open(f"{data}/gcb-2022-national/gcb2022_national_fossil_co2_territorial_consumption_transfers_MtC.csv")):
    if r[1] == year and r[2]:
        gcb[r[0]] = float(r[2]) * 44 / 12
T = {g: gcb[gcb_name[g]] for g in regions if g != "RoW"}
T["RoW"] = gcb["World"] - gcb["Bunkers"] - sum(T.values())

conc = {r[0]: r[1] for r in rows(f"{repo}/boundaries/nace2-to-wiod35.csv")[1]}
jrc = {}
for c, s, yy, v in rows(f"{data}/wiod-mrio/ewiod2016_co2_emissions_by_country_sector_kt_2000-2014.csv.gz")[1]:
    if yy == year:
        jrc.setdefault(c, {})[s] = jrc.get(c, {}).get(s, 0.0) + max(float(v), 0.0)
eh, er = rows(f"{data}/edgar-v432-national-by-sector/edgar_v432_co2_by_country_ipcc1996_1970-2012.csv.gz")
col = eh.index(year)
dom = {}
for r in er:
    if r[2] in ("AIR", "SEA"):
        continue
    d = dom.setdefault(r[2], {"1A3a": 0.0, "1A3d": 0.0})
    if r[4] in d:
        d[r[4]] += float(r[col]) if r[col] else 0.0
rest = {k: sum(d[k] for c, d in dom.items() if c not in jrc) for k in ("1A3a", "1A3d")}

def weights(bunkers_out):
    w = {}
    for c, by in jrc.items():
        by = dict(by)
        if bunkers_out:
            d = rest if c == "RoW" else dom[c]
            for nace, code in (("H50", "1A3d"), ("H51", "1A3a")):
                if nace in by:
                    by[nace] = min(by[nace], d[code])
        g = c if c in regions else "RoW"
        for nace, v in by.items():
            w.setdefault(g, {})
            w[g][conc[nace]] = w[g].get(conc[nace], 0.0) + v / 1000  # kt -> Mt
    return w

A = Z / np.where(x > 0, x, 1)[None, :]
A[:, x <= 0] = 0
L = np.linalg.inv(np.eye(len(x)) - A)
Yr = np.zeros((len(x), len(regions)))
for k, g in enumerate(fd_region):
    Yr[:, regions.index(g)] += Y[:, k]
LY = L @ Yr

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["variant", "iso3", "territorial", "consumption", "households", "adjustment_pct"])
for variant, bunkers_out, households in (("as_published", False, False), ("bunkers_out", True, False),
                                          ("households_fy", False, True), ("corrected", True, True)):
    W = weights(bunkers_out)
    F = np.zeros(len(x))
    H = {g: 0.0 for g in regions}
    for ri, g in enumerate(regions):
        xs = x[ri * C:(ri + 1) * C]
        w = np.array([W.get(g, {}).get(s, 0.0) if xs[j] > 0 else 0.0 for j, s in enumerate(sectors)])
        if w.sum() <= 0:
            w = xs.copy()  # no weights (NLD): gross output, nothing in F_Y
        elif households:
            H[g] = max(T[g] - w.sum(), 0.0)
        F[ri * C:(ri + 1) * C] = (T[g] - H[g]) * w / w.sum()
    S = np.where(x > 0, F / np.where(x > 0, x, 1), 0.0)
    cba = S @ LY
    for ri, g in enumerate(regions):
        if g == "RoW":
            continue
        pba = F[ri * C:(ri + 1) * C].sum() + H[g]
        c = cba[ri] + H[g]
        out.writerow([variant, g] + [repr(float(v)) for v in (pba, c, H[g], (c - pba) / pba * 100)])
