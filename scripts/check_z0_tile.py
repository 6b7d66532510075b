#!/usr/bin/env python3
"""Independent check of holomap's z0 tile: recomputes the Web Mercator z0 image of a
mass-per-cell GeoTIFF band (lat/lon grid) with exact separable overlaps in numpy, colours it with
cubehelix on the same log scale, and compares with the PNG holomap wrote.

  check_z0_tile.py PRODUCTION_TIF BAND_NAME TILE_PNG LOG10_MIN LOG10_MAX
Prints: opaque_pixels mismatched_alpha max_channel_difference
"""
import math
import sys

import numpy as np
import rasterio

tif, band, png, lo, hi = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
with rasterio.open(tif) as ds:
    values = ds.read(ds.descriptions.index(band) + 1).astype(np.float64)
    t = ds.transform
    h, w = values.shape
lon_edges = t.c + t.a * np.arange(w + 1)
lat_edges = t.f + t.e * np.arange(h + 1)

a, f = 6378137.0, 1 / 298.257223563
e2 = f * (2 - f); e = math.sqrt(e2); b = a * (1 - f)
def zone(lat1, lat2):  # area per radian between parallels (authalic function)
    def q(lat):
        s = np.sin(np.radians(lat))
        return s / (1 - e2 * s * s) + np.arctanh(e * s) / e
    return b * b / 2 * (q(lat2) - q(lat1))

n = 256
px_lon = np.linspace(-180, 180, n + 1)
px_lat = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * np.arange(n + 1) / n))))
# lon share: overlap length / cell width; lat share: overlap zone area / cell zone area.
lon_share = np.clip(np.minimum(lon_edges[1:, None], px_lon[None, 1:]) - np.maximum(lon_edges[:-1, None], px_lon[None, :-1]), 0, None) / (lon_edges[1:] - lon_edges[:-1])[:, None]
top = np.minimum(lat_edges[:-1, None], px_lat[None, :-1]); bottom = np.maximum(lat_edges[1:, None], px_lat[None, 1:])
lat_share = np.where(top > bottom, zone(bottom, np.maximum(top, bottom)), 0) / zone(lat_edges[1:], lat_edges[:-1])[:, None]
mass = lat_share.T @ values @ lon_share  # (n rows, n cols)
pixel_km2 = (2 * np.pi / n) * zone(px_lat[1:], px_lat[:-1]) / 1e6

def cubehelix(x, start=0.5, rot=-1.5, hue=1.0):
    angle = 2 * np.pi * (start / 3 + 1 + rot * x)
    amp = hue * x * (1 - x) / 2
    r = x + amp * (-0.14861 * np.cos(angle) + 1.78277 * np.sin(angle))
    g = x + amp * (-0.29227 * np.cos(angle) - 0.90649 * np.sin(angle))
    bl = x + amp * (1.97294 * np.cos(angle))
    return [np.round(np.clip(c, 0, 1) * 255) for c in (r, g, bl)]

with np.errstate(divide="ignore", invalid="ignore"):
    tt = np.clip((np.log10(mass / pixel_km2[:, None]) - lo) / (hi - lo), 0, 1)
# holomap's tiles are palette PNGs: 255 levels, index 1 + round(t × 254).
rgb = cubehelix(0.15 + 0.85 * np.round(tt * 254) / 254)
opaque = mass > 0
with rasterio.open(png) as ds:
    # GDAL expands a palette PNG with tRNS to RGBA when asked for 4 bands through a VRT; read the
    # indices and the colour table instead.
    idx = ds.read(1)
    cmap = ds.colormap(1)
lut = np.array([cmap.get(i, (0, 0, 0, 0)) for i in range(256)], dtype=np.int32)
tile = np.moveaxis(lut[idx], -1, 0)
alpha_mismatch = int(np.sum((tile[3] > 0) != opaque))
diff = max(int(np.max(np.abs(tile[k][opaque] - rgb[k][opaque]))) for k in range(3)) if opaque.any() else 0
print(int(opaque.sum()), alpha_mismatch, diff)
