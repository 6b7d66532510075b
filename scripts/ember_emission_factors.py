#!/usr/bin/env python3
"""What Ember's power-sector "Emissions (MtCO2)" in OWID's 2022 electricity mix are made of.

Fits emissions = Σ_source generation(source) × factor(source) by least squares over every
country-year of the file (countries only, no intercept) and prints the factors (g CO2e/kWh) and
the largest residual. They come out as the IPCC AR5 WG III Annex III life-cycle medians (coal
820, gas 490, biomass 230, nuclear 12, hydro 24, wind 11, PV 48, geothermal 38) and 700 for oil,
for which AR5 gives none, with every row within 1 % + 0.02 Mt: the column is life-cycle CO2e of
all sources, not direct combustion CO2 (the data folder's PROVENANCE.md says otherwise).
scripts/make_bundle.py writes the bundle's fossil_co2_mt with the coal, gas and oil factors.
Usage: ember_emission_factors.py [SHARED_DATA_DIR]   (needs numpy)
"""
import csv, gzip, sys
from pathlib import Path
import numpy as np

data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent.parent / "shared" / "data"
path = data / "electricity-carbon-intensity-by-country" / "owid_electricity_mix_bp_ember_2022.csv.gz"
sources = ["coal", "gas", "oil", "bioenergy", "nuclear", "hydro", "wind", "solar", "other renewables excluding bioenergy"]
# Countries only (aggregates such as Asia or EU sum members of other vintages): OWID's own names
# with a 3-letter ISO code, as in make_bundle.py.
with gzip.open(data / "owid-co2" / "owid-co2-data.csv.gz", "rt", newline="") as f:
    countries = {r["country"] for r in csv.DictReader(f) if len(r["iso_code"]) == 3 and not r["iso_code"].startswith("OWID")}
X, y, keys = [], [], []
with gzip.open(path, "rt", newline="") as f:
    for row in csv.DictReader(f):
        if not row["Emissions (MtCO2)"] or row["Country"] not in countries:
            continue
        X.append([float(row[f"Electricity from {s} (TWh)"] or 0) for s in sources])
        y.append(float(row["Emissions (MtCO2)"]))
        keys.append(f"{row['Country']} {row['Year']}")
X, y = np.array(X), np.array(y)
factors, *_ = np.linalg.lstsq(X, y, rcond=None)
residual = y - X @ factors
relative = np.abs(residual) / np.maximum(y, 1e-9)
print(f"{len(y)} country-years with emissions")
for s, k in zip(sources, factors):
    print(f"  {s:40s} {k * 1000:8.2f} g CO2e/kWh")
worst = int(np.argmax(np.abs(residual)))
print(f"largest residual {residual[worst]:+.3f} Mt ({keys[worst]}, {y[worst]:.2f} Mt)")
print(f"rows outside 1 % + 0.02 Mt: {int(np.sum(np.abs(residual) > 0.01 * y + 0.02))}")
ar5 = np.array([820, 490, 700, 230, 12, 24, 11, 48, 38]) / 1000
rebuilt = np.abs(y - X @ ar5)
print(f"with the AR5 medians and oil 700: largest difference {rebuilt.max():.3f} Mt, rows outside 1 % + 0.02 Mt: {int(np.sum(rebuilt > 0.01 * y + 0.02))}")
