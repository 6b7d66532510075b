import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// The power plants of a build: read once, placed once on the grid (moved into their country
/// when their point is not), weighed for each year (`PlantCalibration`).
struct PlantProxies {
    let plants: [PowerPlant]
    let factors: FuelFactors
    let generation: GenerationTable?
    let generationPath: String?
    let placement: PlantPlacement.Result
    let width: Int

    init(config: BuildConfig, grid: Grid, coverages: [String: SparseCoverage]) throws {
        let factorsPath = config.proxies.fuelFactors!
        factors = try FuelFactors.parse(try TextFile.read(factorsPath), file: factorsPath)
        let (plants, x, y) = try ProxyLoader.powerPlants(config.proxies.powerPlants!, factors: factors, onto: grid)
        self.plants = plants
        generationPath = config.proxies.powerGeneration
        generation = try generationPath.map { try GenerationTable.parse(try TextFile.read($0), file: $0) }
        placement = PlantPlacement.place(plants, x: x, y: y, grid: grid, coverages: coverages)
        width = grid.width
    }

    /// Each year's calibrated plants.
    func calibrate(_ year: Int) -> PlantCalibration.Result {
        PlantCalibration.calibrate(plants, year: year, factors: factors, generation: generation)
    }

    /// Point-source weights (t CO2) by country and cell for one year's calibration.
    func pointSources(_ result: PlantCalibration.Result) -> [String: [(cell: Int, weight: Double)]] {
        var out: [String: [(cell: Int, weight: Double)]] = [:]
        for p in result.plants where p.weight > 0 {
            guard let cell = placement.cells[p.index] else { continue }
            out[plants[p.index].country, default: []].append((cell, p.weight))
        }
        return out
    }

    func record(_ results: [PlantCalibration.Result], relative: (String) -> String) -> Manifest.PowerPlantsRecord {
        let moved = placement.moved.sorted { ($0.distanceKm, $0.index) > ($1.distanceKm, $1.index) }.map { m in
            Manifest.MovedPlant(id: plants[m.index].id, name: plants[m.index].name, iso3: plants[m.index].country, distanceKm: m.distanceKm,
                                reason: "point outside its country's cells: moved to the nearest covered cell")
        }
        let unplaced = placement.unplaced.map { u in
            Manifest.MovedPlant(id: plants[u.index].id, name: plants[u.index].name, iso3: plants[u.index].country, distanceKm: nil, reason: u.reason)
        }
        let years = results.map { r in
            var basis: [String: Int] = [:]
            for p in r.plants { basis[p.basis.rawValue, default: 0] += 1 }
            let maxCF = r.plants.map { p in plants[p.index].fullLoadGWh > 0 ? p.generationGWh / plants[p.index].fullLoadGWh : 0 }.max() ?? 0
            return Manifest.PowerPlantYear(
                year: r.year, running: r.plants.count, notYetBuilt: r.countries.reduce(0) { $0 + $1.notYetBuilt },
                notYetBuiltMw: r.countries.reduce(0) { $0 + $1.notYetBuiltMW }, estimatesImplausible: r.plants.filter(\.estimateImplausible).count,
                capped: r.plants.filter(\.capped).count, basis: basis, maxCapacityFactor: maxCF, worldCapacityFactors: r.worldCapacityFactors,
                countries: r.countries.map { c in
                    Manifest.PowerPlantCountry(iso3: c.iso3, running: c.running, notYetBuilt: c.notYetBuilt, generationGwh: c.generationGWh,
                                               statisticsGwh: c.statisticsGWh, statisticsYear: c.statisticsYear, spilledGwh: c.spilledGWh, shortfallGwh: c.shortfallGWh,
                                               plantCo2: c.plantCO2, powerSectorCo2: c.powerCO2, fossilPowerSectorCo2: c.fossilPowerCO2)
                })
        }
        return Manifest.PowerPlantsRecord(
            calibration: generationPath.map { "generation by fuel (\(relative($0)))" } ?? "none: WRI estimate when plausible, else a capacity factor of 0.5",
            plants: plants.count, moved: moved, unplaced: unplaced, years: years)
    }

    /// The share of a country's fossil generation that may go without a plant before the check fails.
    static let shortfallLimit = 0.05

    /// The plants' checks of one year: no plant above 0.95, generation without a plant, and for the 20 largest power-sector
    /// emitters of the statistics (among the build's countries, with figures for the year) plant
    /// CO2 within ±15 % of the statistics' CO2e of fossil generation (of all generation when the
    /// table has no fossil column: Ember's figure is life-cycle CO2e of every source).
    func checks(_ r: PlantCalibration.Result, countries: Set<String>) -> [Manifest.Check] {
        let maxCF = r.plants.map { p in plants[p.index].fullLoadGWh > 0 ? p.generationGWh / plants[p.index].fullLoadGWh : 0 }.max() ?? 0
        var out = [Manifest.Check(name: "plant_capacity_factor", year: r.year, ok: maxCF <= PlantCalibration.maximumCapacityFactor * (1 + 1e-12),
                                  value: maxCF, limit: "≤ 0.95", detail: "largest capacity factor of a running plant")]
        guard let generation else { return out }
        // Generation no running plant can hold at 0.95: capacity missing from GPPD.
        let shares = r.countries.filter { countries.contains($0.iso3) && ($0.statisticsGWh ?? 0) > 0 }
            .map { ($0.iso3, $0.shortfallGWh / $0.statisticsGWh!) }
        let short = shares.filter { $0.1 > Self.shortfallLimit }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        if !shares.isEmpty {
            out.append(Manifest.Check(
                name: "plant_generation_shortfall", year: r.year, ok: short.isEmpty, value: shares.map(\.1).max()!,
                limit: "≤ \(Self.shortfallLimit) of a country's fossil generation held by no plant",
                detail: "\(shares.count) countries with statistics; " + (short.isEmpty ? "all within" :
                    "above: " + short.map { "\($0.0) \(String(format: "%.1f", $0.1 * 100)) %" }.joined(separator: ", "))))
        }
        let reference = { (c: PlantCalibration.Country) in generation.comparisonCO2(c.iso3, r.year) }
        let largest = r.countries.filter { countries.contains($0.iso3) && (reference($0) ?? 0) > 0 }
            .sorted { (reference($0)!, $1.iso3) > (reference($1)!, $0.iso3) }.prefix(20)
        guard !largest.isEmpty else { return out }
        let ratios = largest.map { ($0.iso3, $0.plantCO2 / reference($0)! - 1) }
        let failed = ratios.filter { abs($0.1) > 0.15 }
        let worst = ratios.map { abs($0.1) }.max()!
        let what = generation.comparesFossil ? "life-cycle CO2e of fossil generation" : "power-sector CO2"
        out.append(Manifest.Check(
            name: "plant_co2_vs_power_sector", year: r.year, ok: failed.isEmpty, value: worst, limit: "|plant CO2 / \(what) − 1| ≤ 0.15",
            detail: "\(largest.count) largest emitters of \(what); " + (failed.isEmpty ? "all within" :
                "outside: " + failed.map { "\($0.0) \(String(format: "%+.1f", $0.1 * 100)) %" }.joined(separator: ", "))))
        return out
    }
}
