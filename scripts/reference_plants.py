#!/usr/bin/env python3
"""Independent re-implementation of holomap's power-plant weights (docs/production.md, "Power
plants") for the tests: per country, the plants' generation (GWh) and CO2 (t) in one year, from a
GPPD plant table, a fuel-factor table and a generation table (iso3,year,<fuel>_twh,power_co2_mt).
A country without figures for the year takes its latest earlier year's.
Usage: reference_plants.py PLANTS FACTORS GENERATION YEAR  → JSON {iso3: {generation_gwh, plant_co2[, statistics_year]}}
"""
import csv, json, math, sys
from collections import defaultdict

plants_path, factors_path, generation_path, year = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
CAP = 0.95
factor, group = {}, {}
for r in csv.DictReader(open(factors_path)):
    factor[r["fuel"]] = 3.6 / float(r["efficiency"]) * float(r["co2_kg_per_tj"]) / 1000
    group[r["fuel"]] = (r.get("generation_fuel") or r["fuel"]).lower()
def group_factor(g):
    same = [t for f, t in factor.items() if f.lower() == g]
    members = [t for f, t in factor.items() if group[f] == g]
    return same[0] if same else sum(members) / len(members)

# Each country's figures of the year, else of its latest earlier year with any generation figure.
by_country_year = defaultdict(dict)
for r in csv.DictReader(open(generation_path)):
    by_country_year[r["iso3"]][int(r["year"])] = {k[:-4]: float(v) * 1000 for k, v in r.items() if k.endswith("_twh") and v != ""}
stats, stats_year = {}, {}
for iso, by_year in by_country_year.items():
    known = [year] if year in by_year else [y for y, gwh in by_year.items() if y < year and gwh]
    if known:
        stats_year[iso] = max(known)
        stats[iso] = by_year[stats_year[iso]]

plants = []
for r in csv.DictReader(open(plants_path)):
    if r["primary_fuel"] not in factor:
        continue
    built = r.get("commissioning_year", "")
    if built and math.floor(float(built)) > year:
        continue
    full = float(r["capacity_mw"]) * 8.76
    est = float(r["estimated_generation_gwh"]) if r["estimated_generation_gwh"] else None
    plausible = est if est is not None and 0 <= est <= CAP * full else None
    # GPPD writes Kosovo as KOS; the boundaries know it as XKX (holomap maps it the same way).
    plants.append(dict(country={"KOS": "XKX"}.get(r["country"], r["country"]), fuel=r["primary_fuel"], full=full, est=plausible, gen=0.0, co2=0.0))

by_country = defaultdict(list)
for p in plants:
    by_country[p["country"]].append(p)

world_gen, world_full = defaultdict(float), defaultdict(float)
for c, ps in by_country.items():
    for g, gwh in stats.get(c, {}).items():
        members = [p for p in ps if group[p["fuel"]] == g]
        if members:
            world_gen[g] += gwh
            world_full[g] += sum(p["full"] for p in members)
world = {g: world_gen[g] / world_full[g] for g in world_full if world_full[g] > 0}

def fill(target, rel, caps):
    """g_i = min(cap_i, lam * rel_i), sum g = target (bisection on lam: not the code's iteration)."""
    if target <= 0 or sum(rel) <= 0:
        return [0.0] * len(rel)
    if sum(c for c, r in zip(caps, rel) if r > 0) <= target:
        return [c if r > 0 else 0.0 for c, r in zip(caps, rel)]
    lo, hi = 0.0, 1.0
    while sum(min(c, hi * r) for c, r in zip(caps, rel)) < target:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if sum(min(c, mid * r) for c, r in zip(caps, rel)) < target:
            lo = mid
        else:
            hi = mid
    return [min(c, hi * r) for c, r in zip(caps, rel)]

out = {}
for c, ps in sorted(by_country.items()):
    entry = stats.get(c) if generation_path else None
    rest = []
    for g in sorted({group[p["fuel"]] for p in ps} | set(entry or {})):
        members = [p for p in ps if group[p["fuel"]] == g]
        if entry is not None and g in entry:
            full = sum(p["full"] for p in members)
            rel = [p["est"] if p["est"] is not None else (p["full"] * entry[g] / full if full > 0 else 0) for p in members]
            gen = fill(entry[g], rel, [CAP * p["full"] for p in members])
            for p, x in zip(members, gen):
                p["gen"] += x; p["co2"] += x * factor[p["fuel"]]
            if entry[g] - sum(gen) > 1e-9 * entry[g]:
                rest.append((g, entry[g] - sum(gen)))
        else:
            for p in members:
                x = p["est"] if p["est"] is not None else min(world.get(g, 0.5), CAP) * p["full"]
                p["gen"] += x; p["co2"] += x * factor[p["fuel"]]
    for g, left in rest:
        head = [max(0.0, CAP * p["full"] - p["gen"]) for p in ps]
        gen = fill(left, head, head)
        for p, x in zip(ps, gen):
            p["gen"] += x; p["co2"] += x * group_factor(g)
    out[c] = dict(generation_gwh=sum(p["gen"] for p in ps), plant_co2=sum(p["co2"] for p in ps))
    if c in stats_year:
        out[c]["statistics_year"] = stats_year[c]
json.dump(out, sys.stdout, sort_keys=True)
