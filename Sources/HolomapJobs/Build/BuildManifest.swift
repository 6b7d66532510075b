import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore
import HolomapExport

/// Assembles the manifest of a build from the ledgers and notes of its run.
struct BuildManifest {
    let job: BuildJob
    let grid: Grid
    let layers: [Layer]
    let written: Written

    func make(_ results: [GriddingResult], inputs: [Manifest.Input], configChecksum: String, skipped: SkipReport,
              consumption notes: [ConsumptionLayers.Note], tiles: Manifest.Tiles?, composites: [Manifest.Composite]) throws -> Manifest {
        let config = job.config
        let years = config.years
        var production: [Manifest.ProductionTotal] = []
        var fallbacks: [Manifest.FallbackRecord] = []
        var unallocated: [Manifest.UnallocatedRecord] = []
        var summary: [Manifest.YearSummary] = []
        var gridded: [String: (consumption: Double, transfer: Double)] = [:]
        for (t, year) in years.enumerated() {
            let totals = written.totals[t]
            for r in totals.filter(\.quantity.isProduction).sorted(by: { ($0.iso3, $0.quantity) < ($1.iso3, $1.quantity) }) {
                production.append(Manifest.ProductionTotal(year: year, iso3: r.iso3, sector: r.quantity.sector!, gas: r.quantity.gas,
                                                           input: r.input, gridded: r.gridded))
            }
            // A territorial share falls back exactly as the production item it mirrors: listed once.
            let yearFallbacks = results[t].fallbacks.filter { if case .territorial = $0.quantity { return false } else { return true } }
            for f in yearFallbacks {
                fallbacks.append(Manifest.FallbackRecord(year: year, iso3: f.iso3, quantity: .init(f.quantity), from: f.from.rawValue,
                                                         to: f.to?.rawValue ?? "none", reason: f.reason))
            }
            // A country's territorial CO2 is spread in shares of its production items; unallocated,
            // it is one amount (t CO2) per country, not one row per mirrored sector and gas.
            var territorialRow: [String: Int] = [:]
            for u in results[t].unallocated {
                if case .territorial = u.quantity {
                    if let k = territorialRow["\(u.iso3)/\(u.reason)"] { unallocated[k].value += u.value; continue }
                    territorialRow["\(u.iso3)/\(u.reason)"] = unallocated.count
                }
                unallocated.append(Manifest.UnallocatedRecord(year: year, iso3: u.iso3, quantity: .init(u.quantity), value: u.value,
                                                              unit: u.quantity.isProduction ? "t CO2e" : "t CO2", reason: u.reason))
            }
            var consumptionInput: Double? = nil, consumptionGridded: Double? = nil, transferInput: Double? = nil, transferGridded: Double? = nil
            if config.consumption != nil {
                consumptionInput = 0; consumptionGridded = 0; transferInput = 0; transferGridded = 0
                for r in totals where !r.quantity.isProduction {
                    var g = gridded["\(year)/\(r.iso3)"] ?? (0, 0)
                    if r.quantity == .consumption { g.consumption += r.gridded; consumptionInput! += r.input; consumptionGridded! += r.gridded }
                    g.transfer += r.gridded
                    transferInput! += r.input; transferGridded! += r.gridded
                    gridded["\(year)/\(r.iso3)"] = g
                }
            }
            let productionRows = totals.filter(\.quantity.isProduction)
            summary.append(Manifest.YearSummary(
                year: year, countries: Set(productionRows.map(\.iso3)).count,
                productionInput: productionRows.reduce(0) { $0 + $1.input }, productionGridded: productionRows.reduce(0) { $0 + $1.gridded },
                productionUnallocated: results[t].unallocated.filter(\.quantity.isProduction).reduce(0) { $0 + $1.value },
                maxRelativeError: Self.maxRelativeError(totals), fallbacks: yearFallbacks.count,
                consumptionInput: consumptionInput, consumptionGridded: consumptionGridded, transferInput: transferInput, transferGridded: transferGridded))
        }
        var outputs = written.outputs
        if tiles != nil { outputs.append(Manifest.Output(path: "tiles", format: "tiles", content: "tiles and viewer", years: years)) }
        outputs.append(Manifest.Output(path: "manifest.json", format: "manifest", content: "this manifest", years: years))
        let hasCO2Channel = job.formats.contains(.netcdf) && results.contains { $0.quantities.contains { $0.isProduction && $0.gas == "CO2" } }
        let recorded = layers + (hasCO2Channel ? [Layer(.gasTotal("CO2"))] : [])
        return Manifest(
            software: Manifest.Software(holomap: HolomapVersion.string, gdal: GDALEnvironment.gdalVersion, proj: GDALEnvironment.projVersion,
                                        netcdf: GDALEnvironment.netCDFVersion, libpng: GDALEnvironment.pngVersion, zstd: ZstdCompressor.version),
            config: Manifest.FileRecord(path: URL(fileURLWithPath: job.configPath).lastPathComponent, sha256: configChecksum),
            years: years,
            grid: Manifest.GridRecord(name: grid.name, crs: grid.crs.definition, width: grid.width, height: grid.height,
                                      geotransform: grid.transform.gdalCoefficients),
            gwp: config.gwp.set.rawValue,
            inputs: inputs, outputs: outputs,
            layers: recorded.map { layer in
                Manifest.LayerRecord(code: layer.code, name: layer.name, kind: Self.kindName(layer.kind), basis: layer.basis.rawValue,
                                     massUnit: "\(Layer.massUnit) \(layer.basis == .co2e ? "CO2e" : "CO2") per cell per year", fluxUnit: Layer.fluxUnit,
                                     palette: layer.palette.rawValue, inCog: job.formats.contains(.cog) && layers.contains(layer))
            },
            countryIds: written.countryCodes.map { Manifest.CountryID(id: Int($0.0), iso3: $0.1) },
            summary: summary,
            production: Manifest.Production(unit: "t CO2e per year", totals: production),
            consumption: config.consumption.map { spec in
                Manifest.Consumption(
                    source: spec.source.rawValue, path: config.relative(spec.path), weight: spec.weight.rawValue, unit: "t CO2 per year",
                    transfer: "consumption − territorial (positive: net imported)",
                    countries: notes.map { note in
                        let g = note.status == .gridded ? gridded["\(note.year)/\(note.iso3)"] : nil
                        return Manifest.ConsumptionCountry(year: note.year, iso3: note.iso3, status: note.status.rawValue, territorialCo2: note.territorial,
                                                           consumptionCo2: note.consumption, transfer: note.transfer, territorialSpread: note.territorialSpread,
                                                           consumptionGridded: g?.consumption, transferGridded: g?.transfer)
                    })
            },
            fallbacks: fallbacks, composites: composites, unallocated: unallocated,
            skippedRows: skipped.counts.keys.sorted().map { Manifest.SkippedRows(reason: $0, count: skipped.counts[$0]!) },
            tiles: tiles)
    }

    static func maxRelativeError(_ totals: [TotalRow]) -> Double {
        totals.reduce(0) { m, r in max(m, r.input == 0 ? abs(r.gridded) : abs(r.gridded - r.input) / abs(r.input)) }
    }

    static func kindName(_ kind: Layer.Kind) -> String {
        switch kind {
        case .sector: return "sector"
        case .total: return "total"
        case .gasTotal: return "gas_total"
        case .consumption: return "consumption"
        case .transfer: return "transfer"
        }
    }
}
