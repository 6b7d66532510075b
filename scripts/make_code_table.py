#!/usr/bin/env python3
"""Writes boundaries/iso3166-1.csv and boundaries/country-names.csv from Debian's iso-codes
package (LGPL-2.1+).

Adds one user-assigned code that DCW-GMT uses and ISO 3166-1 does not: XK/XKX (Kosovo).
country-names.csv maps every ISO name, common name and official name to alpha-3, plus the
aliases below, which CAIT and UNFCCC files use (checked by the inventory tests).
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

ALIASES = {"Brunei": "BRN", "Cape Verde": "CPV", "Cote d'Ivoire": "CIV", "Democratic Republic of Congo": "COD",
           "Micronesia (country)": "FSM", "Russia": "RUS", "Timor": "TLS", "Turkey": "TUR", "Kosovo": "XKX"}
names = {}
for c in json.loads(source.read_text())["3166-1"]:
    for key in ("name", "common_name", "official_name"):
        if key in c:
            names[c[key]] = c["alpha_3"]
names.update(ALIASES)
out = out.parent / "country-names.csv"
with out.open("w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["name", "alpha3"])
    w.writerows(sorted(names.items()))
print(f"wrote {out} ({len(names)} names)")
