#!/usr/bin/env python3
"""PNG maps of one country's production, before and after a change, side by side: for each of
BANDS (production.tif band descriptions; a missing band is blank) a panel from the BEFORE build
above one from the AFTER build, cropped to the country's cells in country.tif (majority country),
t CO2e per km² on one log colour scale per band (cubehelix-like ramp, black = 0). Pure numpy + zlib.

  render_sector_maps.py BEFORE_DIR AFTER_DIR ISO3 OUT_PNG BAND[+BAND...] ...
  e.g. render_sector_maps.py before after ETH renders/eth.png 5 1.B+2+3+4
"""
import json
import struct
import sys
import zlib

import numpy as np
import rasterio

before, after, iso3, out = sys.argv[1:5]
bands = sys.argv[5:]
ids = {c["iso3"]: c["id"] for c in json.load(open(f"{after}/manifest.json"))["country_ids"]}
with rasterio.open(f"{after}/country.tif") as c:
    country = c.read(1) == ids[iso3]
rows, cols = np.where(country)
r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
lat = 90 - 0.1 * (np.arange(r0, r1) + 0.5)
area = (11.1 ** 2) * np.cos(np.radians(lat))[:, None]  # km² of a 0.1° cell


def panel(folder, spec):
    with rasterio.open(f"{folder}/production.tif") as d:
        names = list(d.descriptions)
        total = np.zeros((r1 - r0, c1 - c0))
        for name in spec.split("+"):
            if name in names:
                total += np.nan_to_num(d.read(names.index(name) + 1)[r0:r1, c0:c1].astype(np.float64))
    return np.where(country[r0:r1, c0:c1], total / area, 0)


def colour(v, lo, hi):
    t = np.clip((np.log10(np.maximum(v, 1e-30)) - lo) / (hi - lo), 0, 1)
    rgb = np.stack([t ** 0.8, t ** 1.3, 0.4 * (1 - t) * (t > 0) + t ** 2], axis=-1)
    rgb[v <= 0] = 0
    return (255 * rgb).astype(np.uint8)


columns = []
for spec in bands:
    b, a = panel(before, spec), panel(after, spec)
    positive = np.concatenate([b[b > 0], a[a > 0]])
    hi = np.log10(np.percentile(positive, 99.5)) if positive.size else 1
    lo = hi - 3
    gap = np.full((4, b.shape[1], 3), 255, np.uint8)
    columns.append(np.concatenate([colour(b, lo, hi), gap, colour(a, lo, hi)]))
    columns.append(np.full((columns[-1].shape[0], 4, 3), 255, np.uint8))
image = np.concatenate(columns[:-1], axis=1)
scale = max(1, 600 // image.shape[1])
image = image.repeat(scale, 0).repeat(scale, 1)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


raw = b"".join(b"\0" + row.tobytes() for row in image)
with open(out, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", image.shape[1], image.shape[0], 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
print(f"wrote {out} ({image.shape[1]}×{image.shape[0]})")
