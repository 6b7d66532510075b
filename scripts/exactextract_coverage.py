#!/usr/bin/env python3
"""Coverage fractions with exactextract (the peer), for comparison and benchmarks.

  exactextract_coverage.py VECTOR ID_FIELD GRID_JSON [--compare HOLOMAP_CELLS_CSV] [--summary OUT_CSV]

VECTOR is anything ogr2ogr reads (GeoJSON, .geojson.gz via /vsigzip/, zipped shapefile via
/vsizip/); it is converted to GeoJSON with GDAL's ogr2ogr so exactextract reads plain features.
GRID_JSON is a holomap grid preset; a matching empty GeoTIFF is made with rasterio.
With --compare, prints the largest |holomap − exactextract| over every cell of every feature.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np  # noqa: F401 (exactextract returns numpy arrays)
import rasterio
from rasterio.transform import Affine
import exactextract


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vector")
    ap.add_argument("id_field")
    ap.add_argument("grid")
    ap.add_argument("--compare")
    ap.add_argument("--summary")
    args = ap.parse_args()

    grid = json.load(open(args.grid))
    with tempfile.TemporaryDirectory() as tmp:
        geojson = os.path.join(tmp, "features.geojson")
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-select", args.id_field, geojson, args.vector], check=True)
        features = json.load(open(geojson))["features"]
        raster = os.path.join(tmp, "grid.tif")
        transform = Affine(grid["pixelWidth"], 0, grid["originX"], 0, grid["pixelHeight"], grid["originY"])
        with rasterio.open(raster, "w", driver="GTiff", width=grid["width"], height=grid["height"], count=1,
                           dtype="uint8", crs=grid["crs"], transform=transform, compress="deflate",
                           tiled=True, sparse_ok=True) as ds:
            pass  # an empty (sparse) raster: exactextract only needs its grid
        start = time.perf_counter()
        result = exactextract.exact_extract(raster, features, ["cell_id", "coverage"],
                                            include_cols=[args.id_field])
        elapsed = time.perf_counter() - start
    print(f"exactextract: {len(result)} features in {elapsed:.2f} s", file=sys.stderr)

    if args.summary:
        with open(args.summary, "w") as f:
            f.write("id,cells,fraction_sum\n")
            for feature in result:
                row = feature["properties"]
                f.write(f"{row[args.id_field]},{len(row['cell_id'])},{float(np.sum(row['coverage'])):.9f}\n")

    if args.compare:
        width = grid["width"]
        ours = {}
        with open(args.compare) as f:
            next(f)
            for line in f:
                code, r, c, v = line.rstrip("\n").split(",")
                ours.setdefault(code, {})[int(r) * width + int(c)] = float(v)
        worst, worst_code, compared = 0.0, "", 0
        for feature in result:
            row = feature["properties"]
            code = row[args.id_field]
            mine = ours.get(code, {})
            theirs = dict(zip((int(i) for i in row["cell_id"]), (float(v) for v in row["coverage"])))
            for cell in set(mine) | set(theirs):
                d = abs(mine.get(cell, 0.0) - theirs.get(cell, 0.0))
                compared += 1
                if d > worst:
                    worst, worst_code = d, f"{code} cell {cell}"
        print(f"features={len(result)} cells_compared={compared} max_abs_diff={worst:.3e} worst={worst_code}")


if __name__ == "__main__":
    main()
