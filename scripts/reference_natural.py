#!/usr/bin/env python3
"""Independent check of `holomap natural` (docs/natural.md): the natural accounts computed again
with numpy, netCDF4, rasterio and openpyxl from the same files.

  reference_natural.py DATA YEAR GRID.json CELLS.csv

DATA: a folder in the layout of ../shared/data. GRID.json: the target grid preset (grids/).
CELLS.csv: `holomap coverage --grid GRID --country ISO3,... --cells CELLS.csv` (iso3,row,col,
fraction, exact to the last bit). Prints JSON {iso3 | "WORLD": {component: Mt per year}}.

Method, written from the sources' documentation rather than from holomap's code:
- cell areas: exact WGS 84 zone areas (authalic latitude function q);
- land sink = -S_LAND [kg C m-2 s-1 per m2 of land] x land fraction (0.1 deg, each 0.1 deg cell
  inside one 0.5 deg S_LAND cell) x cell area x 365.25 d x 44/12;
- land-use change = E_LUC [kg C m-2 yr-1 per m2 of cell] x cell area x 44/12;
- fire: each GFED region x type amount over the 0.05 deg MODIS cells of the region (the 0.25 deg
  region cell each lies in, 5 x 5) whose IGBP class burns for that type, by cell area; fallback
  to the region's vegetated classes;
- every layer remapped onto the coverage's grid by area-weighted overlaps (longitude share x
  latitude-zone area share), then summed with the coverage fractions.
"""
import gzip, json, os, re, sys
import numpy as np
import netCDF4
import openpyxl
import rasterio

DATA, YEAR, GRID, CELLS = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
A, F = 6378137.0, 1 / 298.257223563
B, E = A * (1 - F), np.sqrt(F * (2 - F))
YEAR_S, CO2_C = 365.25 * 86400, 44.0 / 12.0
REGIONS = ["BONA", "TENA", "CEAM", "NHSA", "SHSA", "EURO", "MIDE", "NHAF", "SHAF", "BOAS", "TEAS", "SEAS", "EQAS", "AUST"]
TYPES = {  # block title -> (component, IGBP classes)
    "Savanna, grassland, and shrubland fires": ("savanna", [6, 7, 8, 9, 10]),
    "Boreal forest fires": ("boreal_forest", [1, 3, 4, 5, 8]),
    "Temperate forest fires": ("temperate_forest", [1, 2, 3, 4, 5]),
    "Tropical deforestation & degradation": ("deforestation", [2, 4]),
    "Peat fires": ("peat", [11]),
    "Agricultural waste burning": ("agriculture", [12, 14]),
}
VEGETATED = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]


def q(lat):
    s = np.sin(np.radians(lat))
    return s / (1 - E * E * s * s) + np.arctanh(E * s) / E


def zone(lat_a, lat_b):  # area per radian of longitude between two parallels
    return np.abs(B * B / 2 * (q(lat_b) - q(lat_a)))


def row_areas(top, step, n):  # north-up rows
    edges = top - step * np.arange(n + 1)
    return np.radians(step) * zone(edges[1:], edges[:-1])


def overlaps(src_edges, tgt_edges, weight):
    """Pairs (source index, target index, share of the source interval) of two ascending edge lists."""
    pairs = []
    for i in range(len(src_edges) - 1):
        a, b = src_edges[i], src_edges[i + 1]
        lo = np.searchsorted(tgt_edges, a, side="right") - 1
        for j in range(max(lo, 0), len(tgt_edges) - 1):
            c, d = tgt_edges[j], tgt_edges[j + 1]
            if c >= b:
                break
            o0, o1 = max(a, c), min(b, d)
            if o1 - o0 > 1e-9 * (b - a):
                pairs.append((i, j, weight(o0, o1) / weight(a, b)))
    return np.array(pairs)


def remap(values, src, tgt):
    """values north-up on src = (west, north, step, width, height); conservative onto tgt."""
    sw, sn, ss, sx, sy = src
    tw, tn, ts, tx, ty = tgt
    lon = overlaps(sw + ss * np.arange(sx + 1), tw + ts * np.arange(tx + 1), lambda a, b: b - a)
    # Latitudes ascending (south first): flip rows.
    lat = overlaps((sn - ss * np.arange(sy + 1))[::-1], (tn - ts * np.arange(ty + 1))[::-1], lambda a, b: zone(a, b))
    v = values[::-1]
    cols = np.zeros((sy, tx))
    i, j, w = lon[:, 0].astype(int), lon[:, 1].astype(int), lon[:, 2]
    for k in range(0, sy, 512):
        block = v[k:k + 512][:, i] * w
        idx = (np.arange(block.shape[0])[:, None] * tx + j[None, :]).ravel()
        cols[k:k + 512] = np.bincount(idx, weights=block.ravel(), minlength=block.shape[0] * tx).reshape(-1, tx)
    out = np.zeros((ty, tx))
    np.add.at(out, lat[:, 1].astype(int), cols[lat[:, 0].astype(int)] * lat[:, 2][:, None])
    return out[::-1]


def netcdf(path, var, units_ok):
    ds = netCDF4.Dataset("in-memory", memory=gzip.open(path).read())
    v = ds[var]
    assert v.units in units_ok, (path, var, v.units)
    values = np.ma.filled(v[:].astype(np.float64), np.nan)
    if ds["lat"][1] > ds["lat"][0]:
        values = values[::-1]
    return values


def gfed(species):
    text = open(os.path.join(DATA, "gfed4.1s-regional-fire-emissions", f"GFED4.1s_{species}.txt")).read()
    grams = float(re.search(r"estimates in (\S+) g", text).group(1))
    years = [int(y) for y in re.search(r"Region\s+([\d\s]+)\|", text).group(1).split()]
    out, block = {}, None
    for line in text.splitlines():
        s = line.strip()
        if s.endswith(":"):
            block = s[:-1].strip()
            out[block] = {}
        elif block and s and s.split()[0] in REGIONS:
            parts = s.replace("|", " ").split()
            out[block][parts[0]] = float(parts[1 + years.index(YEAR)]) * grams / 1e6  # tonnes
    return out


def main():
    g = os.path.join(DATA, "gcb2023-gridded-land-fluxes")
    grid = json.load(open(GRID))
    assert grid["crs"] == "EPSG:4326" and grid["pixelWidth"] == -grid["pixelHeight"], "a lat/lon grid of square cells"
    tgt = (grid["originX"], grid["originY"], grid["pixelWidth"], grid["width"], grid["height"])
    cells = {}
    with open(CELLS) as f:
        next(f)
        for line in f:
            iso3, row, col, fraction = line.rstrip("\n").split(",")
            cells.setdefault(iso3, []).append((int(row), int(col), float(fraction)))
    cells = {k: (np.array([c[0] for c in v]), np.array([c[1] for c in v]), np.array([c[2] for c in v])) for k, v in cells.items()}
    names = sorted(cells)
    layers = {}
    # Land sink on the 0.1 deg land fraction.
    sland = netcdf(os.path.join(g, "Land_carbon_uptake_DGVMs_gridded_GCB2023_2013-2022_mean.nc.gz"), "SLAND", ["Kg/m2/s"])
    with rasterio.open(os.path.join(DATA, "globe-land-mask/globe_land_fraction_0.1deg.tif")) as r:
        lf = r.read(1).astype(np.float64)
    fine = np.repeat(np.repeat(sland, 5, 0), 5, 1)
    sink = np.where(np.isfinite(fine), -fine * lf * row_areas(90, 0.1, 1800)[:, None] * YEAR_S * CO2_C / 1000, 0)
    layers["land_sink"] = (sink, (-180, 90, 0.1, 3600, 1800))
    eluc = netcdf(os.path.join(g, "Landuse_carbon_flux_gridded_GCB2023_2013-2022_mean.nc.gz"), "Landuse_Cflux", ["kg/m2/yr"])
    luc = np.where(np.isfinite(eluc), eluc * row_areas(90, 0.25, 720)[:, None] * CO2_C / 1000, 0)
    layers["land_use_change"] = (luc, (-180, 90, 0.25, 1440, 720))
    # Fire on the 0.05 deg land cover.
    with rasterio.open(os.path.join(DATA, "modis-mcd12c1-landcover-2019-0.05deg/MCD12C1.A2019001.006.2020220162300.tif")) as r:
        igbp = r.read(1)
    with rasterio.open(os.path.join(DATA, "gfed4-basis-regions-0.25deg/GFED4_basis_regions_0.25deg.tif")) as r:
        region = np.repeat(np.repeat(r.read(1).astype(np.int64), 5, 0), 5, 1)
    area = np.broadcast_to(row_areas(90, 0.05, 3600)[:, None], igbp.shape)
    tables = {s: gfed(s) for s in ["CO2", "CH4", "N2O"]}
    fields = {key: np.zeros(igbp.size) for key in [n for n, _ in TYPES.values()] + ["CH4", "N2O"]}
    flat_area, flat_igbp = area.ravel(), igbp.ravel()
    for k, code in enumerate(REGIONS):
        inside = np.flatnonzero(region.ravel() == k + 1)
        cls, a = flat_igbp[inside], flat_area[inside]
        for title, (name, classes) in TYPES.items():
            where = np.isin(cls, classes)
            if not where.any():
                where = np.isin(cls, VEGETATED)
            share = np.where(where, a, 0) / a[where].sum() if where.any() else None
            for species in tables:
                tonnes = tables[species][title][code]
                if tonnes != 0:
                    fields[name if species == "CO2" else species][inside] += tonnes * share
    fields = {key: f.reshape(igbp.shape) for key, f in fields.items()}
    for key, field in fields.items():
        layers["fire_" + key.lower() if key in tables else "fire_" + key] = (field, (-180, 90, 0.05, 7200, 3600))
    out = {"WORLD": {}}
    for name, (values, src) in layers.items():
        out["WORLD"][name] = values.sum() / 1e6
        on_target = remap(values, src, tgt)
        for code in names:
            rows, cols, fractions = cells[code]
            out.setdefault(code, {})[name] = float((on_target[rows, cols] * fractions).sum()) / 1e6
    types = ["fire_" + n for n, _ in TYPES.values()]
    for code, v in out.items():
        v["fire"] = sum(v[t] for t in types)
        v["natural_net"] = v["land_sink"] + v["land_use_change"]
    sheet = openpyxl.load_workbook(os.path.join(g, "Global_Carbon_Budget_2023v1.1.xlsx"), read_only=True, data_only=True)["Global Carbon Budget"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Year")
    ocean = rows[header].index("ocean sink")
    out["WORLD"]["ocean_sink"] = -next(r[ocean] for r in rows[header + 1:] if r[0] == YEAR) * 1000 * CO2_C
    json.dump(out, sys.stdout, sort_keys=True)


main()
