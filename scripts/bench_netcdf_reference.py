#!/usr/bin/env python3
"""Reference NetCDF writer for the benchmark: writes the layers of a holomap build (read from its
production.tif and country.tif) as a CF NetCDF with netCDF4-python, the way xarray's netCDF4
backend does, with holomap's layout: (time, lat, lon) float32 mass and flux per layer, chunks
1 × 512 × 512, zlib level 4 with shuffle, a float64 cell_area and an int32 country_id of the same
chunking. Prints the time spent writing (reading the GeoTIFFs, band by band of 512 rows so a
0.01° grid fits in memory, is not counted).

  bench_netcdf_reference.py BUILD_FOLDER OUT.nc
"""
import math
import sys
import time

import netCDF4
import numpy as np
import rasterio
from rasterio.windows import Window

folder, out = sys.argv[1:3]
cog = rasterio.open(f"{folder}/production.tif")
names = list(cog.descriptions)
country = rasterio.open(f"{folder}/country.tif")
t = cog.transform
height, width = cog.height, cog.width
lat = t.f + t.e * (np.arange(height) + 0.5)
lon = t.c + t.a * (np.arange(width) + 0.5)
# Cell areas on the sphere of the authalic radius (the reference's cost, not its exact values).
r = 6371007.2
edges = t.f + t.e * np.arange(height + 1)
area_rows = r * r * math.radians(abs(t.a)) * np.abs(np.sin(np.radians(edges[:-1])) - np.sin(np.radians(edges[1:])))
seconds = 365 * 86400

writing = 0.0
start = time.time()
ds = netCDF4.Dataset(out, "w", format="NETCDF4")
ds.createDimension("time", 1); ds.createDimension("lat", height); ds.createDimension("lon", width)
ds.createVariable("time", "f8", ("time",))[:] = [0]
ds.createVariable("lat", "f8", ("lat",))[:] = lat
ds.createVariable("lon", "f8", ("lon",))[:] = lon
chunks2 = (min(height, 512), min(width, 512))
area = ds.createVariable("cell_area", "f8", ("lat", "lon"), zlib=True, complevel=4, shuffle=True, chunksizes=chunks2)
cid = ds.createVariable("country_id", "i4", ("lat", "lon"), zlib=True, complevel=4, shuffle=True, chunksizes=chunks2, fill_value=0)
variables = []
for name in names:
    safe = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    safe = safe if safe[0].isalpha() else "v_" + safe
    for kind in ("mass", "flux"):
        v = ds.createVariable(f"{kind}_{safe}", "f4", ("time", "lat", "lon"), zlib=True, complevel=4, shuffle=True,
                              chunksizes=(1,) + chunks2, fill_value=np.float32(-9999))
        variables.append((kind, name, v))
writing += time.time() - start
# Band by band of 512 rows, as holomap writes; only the writing is timed.
for row in range(0, height, 512):
    rows = slice(row, min(height, row + 512))
    window = Window(0, row, width, rows.stop - rows.start)
    strip = {name: cog.read(i + 1, window=window) for i, name in enumerate(names)}
    ids = country.read(1, window=window).astype(np.int32)
    start = time.time()
    areas = np.broadcast_to(area_rows[rows, None], (rows.stop - rows.start, width))
    area[rows, :] = areas
    cid[rows, :] = ids
    for kind, name, v in variables:
        mass = strip[name]
        v[0, rows, :] = mass if kind == "mass" else (mass.astype(np.float64) * 1000 / areas / seconds).astype(np.float32)
    writing += time.time() - start
start = time.time()
ds.close()
writing += time.time() - start
print(f"reference NetCDF write: {writing:.2f} s for {len(variables)} data variables of {height} x {width}")
