#!/usr/bin/env python3
"""Writes boundaries/iso3166-1.csv from Debian's iso-codes package (LGPL-2.1+).

Adds one user-assigned code that DCW-GMT uses and ISO 3166-1 does not: XK/XKX (Kosovo).
Usage: python3 scripts/make_code_table.py [/usr/share/iso-codes/json/iso_3166-1.json]
"""
import csv
import json
import sys
from pathlib import Path

source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json/iso_3166-1.json")
rows = [(c["alpha_2"], c["alpha_3"], c["numeric"], c["name"]) for c in json.loads(source.read_text())["3166-1"]]
rows.append(("XK", "XKX", "", "Kosovo (user-assigned code)"))
rows.sort()
out = Path(__file__).resolve().parent.parent / "boundaries" / "iso3166-1.csv"
with out.open("w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["alpha2", "alpha3", "numeric", "name"])
    w.writerows(rows)
print(f"wrote {out} ({len(rows)} codes)")
