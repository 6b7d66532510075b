"""Markdown table of docs/consumption.md, route (a): holomap's WIOD adjustments beside GCB's.
Usage: consumption_table.py WIOD.csv GCB.csv [REFERENCE.csv]
WIOD.csv and GCB.csv are `holomap adjustments` outputs; REFERENCE.csv is the output of
scripts/reference_wiod_adjustments.py (adds the column before the issue-11 corrections)."""
import csv, sys

rows = lambda p: {r["iso3"]: r for r in csv.DictReader(open(p))}
wiod, gcb = rows(sys.argv[1]), rows(sys.argv[2])
before = {}
if len(sys.argv) > 3:
    before = {r["iso3"]: float(r["adjustment_pct"]) for r in csv.DictReader(open(sys.argv[3])) if r["variant"] == "as_published"}
names = [("CHN", "China"), ("USA", "USA"), ("JPN", "Japan"), ("DEU", "Germany"), ("RUS", "Russia"), ("IND", "India"),
         ("GBR", "United Kingdom"), ("FRA", "France"), ("KOR", "Korea"), ("TWN", "Taiwan"), ("DNK", "Denmark")]
pct = lambda v: f"{v:+.1f} %".replace("-", "−")
mt = lambda v: f"{v:+,.0f}".replace("-", "−").replace("+", "") if v < 0 else f"+{v:,.0f}"
print("| country | territorial (Mt CO2) | WIOD 2009 route (a) | before the corrections | GCB 2009 | transfer (a) | transfer GCB |")
print("|---|---:|---:|---:|---:|---:|---:|")
for iso3, name in names:
    w, g = wiod[iso3], gcb[iso3]
    print(f"| {name} | {float(w['territorial']):,.1f} | {pct(float(w['adjustment_pct']))} | "
          f"{pct(before[iso3]) if iso3 in before else '—'} | {pct(float(g['adjustment_pct']))} | {mt(float(w['transfer']))} | {mt(float(g['transfer']))} |")
