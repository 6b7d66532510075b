"""Writes a synthetic MRIO in pymrio's text layout (IOSystem.save_all, table_format="txt"),
for the benchmark of issue 4: 49 regions x S sectors, 7 final-demand categories per region
(343 columns), one extension "emissions" with two stressors (F and F_Y).

Usage: make_synthetic_mrio.py SECTORS_PER_REGION OUT_DIR   (seeded: same input, same files)
Needs numpy and pymrio (the benchmark's own venv).
"""
import sys
import numpy as np
import pandas as pd
import pymrio

sectors_per_region, out = int(sys.argv[1]), sys.argv[2]
regions = [f"R{r:02d}" for r in range(49)]
sectors = [f"s{s:03d}" for s in range(sectors_per_region)]
categories = [f"fd{k}" for k in range(7)]
n = len(regions) * len(sectors)
rng = np.random.default_rng(20261129)

# Output x in [1000, 2000]; technical coefficients with 30 % non-zero entries and column sums
# 0.4, so that every row leaves room for positive final demand (x - Z 1 > 0).
x = rng.uniform(1000, 2000, n)
A = rng.random((n, n)) * (rng.random((n, n)) < 0.3)
A *= 0.4 / A.sum(axis=0)
Z = A * x
del A
rest = x - Z.sum(axis=1)
assert rest.min() > 0
weights = rng.random((n, len(regions) * len(categories)))
Y = weights / weights.sum(axis=1, keepdims=True) * rest[:, None]

index = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
columns_fd = pd.MultiIndex.from_product([regions, categories], names=["region", "category"])
F = pd.DataFrame(rng.uniform(0, 50, (2, n)) * x, index=pd.MultiIndex.from_tuples([("co2", "air"), ("ch4", "air")], names=["stressor", "compartment"]), columns=index)
F_Y = pd.DataFrame(rng.uniform(0, 1000, (2, len(columns_fd))), index=F.index, columns=columns_fd)
io = pymrio.IOSystem(Z=pd.DataFrame(Z, index=index, columns=index), Y=pd.DataFrame(Y, index=index, columns=columns_fd),
                     emissions={"name": "emissions", "F": F, "F_Y": F_Y})
io.save_all(out, table_format="txt")
print(f"{out}: n = {n} ({len(regions)} regions x {sectors_per_region} sectors), {len(columns_fd)} final-demand columns")
