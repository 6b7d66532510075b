#!/usr/bin/env python3
"""The speed peer of holomap's natural layers (docs/BENCHMARKS.md): the same layers made by a
numpy + rasterio pipeline, as an analyst would write it, and written as one tiled, DEFLATE
GeoTIFF band per layer on a global lat/lon grid.

  bench_natural.py DATA YEAR STEP OUT.tif

DATA: a folder in the layout of ../shared/data; STEP: the target cell size in degrees (0.1,
0.01). Layers (t per year, emissions positive, removals negative): land_sink, land_use_change,
fire (CO2 of all types), fire_ch4, fire_n2o, natural_net = land_use_change + land_sink. Each is
made on its source grid (S_LAND on the 0.1° land fraction, E_LUC at 0.25°, fire on the 0.05°
land cover by GFED region and type; reference_natural.py's functions), conservatively remapped
(area-weighted overlaps) onto the target, summed and written. Prints each layer's world sum (Mt)
and the time of each step on stderr.
"""
import os
import sys
import time

import numpy as np
import rasterio
from rasterio.transform import from_origin

sys.argv = [sys.argv[0], sys.argv[1], sys.argv[2], "", ""] + sys.argv[3:]
DATA, YEAR = sys.argv[1], int(sys.argv[2])
STEP, OUT = float(sys.argv[5]), sys.argv[6]
here = os.path.dirname(os.path.abspath(__file__))
source = open(os.path.join(here, "reference_natural.py")).read()
# The reference's functions and constants, without its main().
exec(compile(source[:source.index("\ndef main():")], "reference_natural.py", "exec"))

start = time.time()


def step(label):
    print(f"{label}: {time.time() - start:.1f} s", file=sys.stderr)


def layers():
    g = os.path.join(DATA, "gcb2023-gridded-land-fluxes")
    sland = netcdf(os.path.join(g, "Land_carbon_uptake_DGVMs_gridded_GCB2023_2013-2022_mean.nc.gz"), "SLAND", ["Kg/m2/s"])
    with rasterio.open(os.path.join(DATA, "globe-land-mask/globe_land_fraction_0.1deg.tif")) as r:
        lf = r.read(1).astype(np.float64)
    fine = np.repeat(np.repeat(sland, 5, 0), 5, 1)
    yield "land_sink", np.where(np.isfinite(fine), -fine * lf * row_areas(90, 0.1, 1800)[:, None] * YEAR_S * CO2_C / 1000, 0), (-180, 90, 0.1, 3600, 1800)
    eluc = netcdf(os.path.join(g, "Landuse_carbon_flux_gridded_GCB2023_2013-2022_mean.nc.gz"), "Landuse_Cflux", ["kg/m2/yr"])
    yield "land_use_change", np.where(np.isfinite(eluc), eluc * row_areas(90, 0.25, 720)[:, None] * CO2_C / 1000, 0), (-180, 90, 0.25, 1440, 720)
    with rasterio.open(os.path.join(DATA, "modis-mcd12c1-landcover-2019-0.05deg/MCD12C1.A2019001.006.2020220162300.tif")) as r:
        igbp = r.read(1).ravel()
    with rasterio.open(os.path.join(DATA, "gfed4-basis-regions-0.25deg/GFED4_basis_regions_0.25deg.tif")) as r:
        region = np.repeat(np.repeat(r.read(1).astype(np.int64), 5, 0), 5, 1).ravel()
    area = np.repeat(row_areas(90, 0.05, 3600), 7200)
    tables = {s: gfed(s) for s in ["CO2", "CH4", "N2O"]}
    fields = {s: np.zeros(igbp.size) for s in tables}
    for k, code in enumerate(REGIONS):
        inside = np.flatnonzero(region == k + 1)
        cls, a = igbp[inside], area[inside]
        for title, (_, classes) in TYPES.items():
            where = np.isin(cls, classes)
            if not where.any():
                where = np.isin(cls, VEGETATED)
            if not where.any():
                continue
            share = np.where(where, a, 0) / a[where].sum()
            for species in tables:
                fields[species][inside] += tables[species][title][code] * share
    for species, name in (("CO2", "fire"), ("CH4", "fire_ch4"), ("N2O", "fire_n2o")):
        yield name, fields[species].reshape(3600, 7200), (-180, 90, 0.05, 7200, 3600)


width, height = round(360 / STEP), round(180 / STEP)
target = (-180, 90, STEP, width, height)
names = ["land_sink", "land_use_change", "fire", "fire_ch4", "fire_n2o", "natural_net"]
profile = dict(driver="GTiff", width=width, height=height, count=len(names), dtype="float32", crs="EPSG:4326",
               transform=from_origin(-180, 90, STEP, STEP), tiled=True, blockxsize=512, blockysize=512, compress="deflate",
               predictor=3, BIGTIFF="YES", nodata=float("nan"))
sums, net = {}, None
with rasterio.open(OUT, "w", **profile) as out:
    for name, values, src in layers():
        step(f"{name} on its source grid")
        on_target = remap(values, src, target)
        sums[name] = on_target.sum() / 1e6
        out.write(on_target.astype(np.float32), names.index(name) + 1)
        out.set_band_description(names.index(name) + 1, name)
        if name in ("land_sink", "land_use_change"):
            net = on_target if net is None else net + on_target
        del on_target
        step(f"{name} remapped and written")
    sums["natural_net"] = net.sum() / 1e6
    out.write(net.astype(np.float32), names.index("natural_net") + 1)
    out.set_band_description(names.index("natural_net") + 1, "natural_net")
    step("natural_net written")
for name in names:
    print(f"{name} {sums[name]:.6f}")
