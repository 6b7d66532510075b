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
              consumption notes: [ConsumptionLayers.Note], trade: BuildTrade? = nil, tiles: Manifest.Tiles?, composites: [Manifest.Composite]) throws -> Manifest {
        let config = job.config
        let years = config.years
        var production: [Manifest.ProductionTotal] = []
        var fallbacks: [Manifest.FallbackRecord] = []
        var unallocated: [Manifest.UnallocatedRecord] = []
        var summary: [Manifest.YearSummary] = []
        var gridded: [String: (consumption: Double, difference: Double, productionCO2: Double)] = [:]
        for (t, year) in years.enumerated() {
            let totals = written.totals[t]
            for r in totals.filter(\.quantity.isProduction).sorted(by: { ($0.iso3, $0.quantity) < ($1.iso3, $1.quantity) }) {
                production.append(Manifest.ProductionTotal(year: year, iso3: r.iso3, sector: r.quantity.sector!, gas: r.quantity.gas,
                                                           input: r.input, gridded: r.gridded))
            }
            // A territorial or export share falls back exactly as the production item it mirrors: listed once.
            let yearFallbacks = results[t].fallbacks.filter { !Self.mirrorsProduction($0.quantity) }
            for f in yearFallbacks {
                fallbacks.append(Manifest.FallbackRecord(year: year, iso3: f.iso3, quantity: .init(f.quantity), from: f.from.rawValue,
                                                         to: f.to?.rawValue ?? "none", reason: f.reason))
            }
            // A country's territorial CO2 is spread in shares of its production items; unallocated,
            // it is one amount (t CO2) per country, not one row per mirrored sector and gas.
            var territorialRow: [String: Int] = [:]
            for u in results[t].unallocated {
                if Self.mirrorsProduction(u.quantity) {
                    let key = "\(u.iso3)/\(Manifest.QuantityRecord(u.quantity).account)/\(u.reason)"
                    if let k = territorialRow[key] { unallocated[k].value += u.value; continue }
                    territorialRow[key] = unallocated.count
                }
                unallocated.append(Manifest.UnallocatedRecord(year: year, iso3: u.iso3, quantity: .init(u.quantity), value: u.value,
                                                              unit: u.quantity.isProduction ? "t CO2e" : "t CO2", reason: u.reason))
            }
            var consumptionInput: Double? = nil, consumptionGridded: Double? = nil, differenceInput: Double? = nil, differenceGridded: Double? = nil
            if config.consumption != nil {
                consumptionInput = 0; consumptionGridded = 0; differenceInput = 0; differenceGridded = 0
                for r in totals where Layer(.productionCO2).includes(r.quantity) { gridded["\(year)/\(r.iso3)", default: (0, 0, 0)].productionCO2 += r.gridded }
                for r in totals where Layer(.consumptionMinusProduction).includes(r.quantity) {
                    var g = gridded["\(year)/\(r.iso3)"] ?? (0, 0, 0)
                    if r.quantity == .consumption { g.consumption += r.gridded; consumptionInput! += r.input; consumptionGridded! += r.gridded }
                    g.difference += r.gridded
                    differenceInput! += r.input; differenceGridded! += r.gridded
                    gridded["\(year)/\(r.iso3)"] = g
                }
            }
            let productionRows = totals.filter(\.quantity.isProduction)
            summary.append(Manifest.YearSummary(
                year: year, countries: Set(productionRows.map(\.iso3)).subtracting(BunkerProxy.Mode.allCases.map(\.code)).count,
                productionInput: productionRows.reduce(0) { $0 + $1.input }, productionGridded: productionRows.reduce(0) { $0 + $1.gridded },
                productionUnallocated: results[t].unallocated.filter(\.quantity.isProduction).reduce(0) { $0 + $1.value },
                maxRelativeError: Self.maxRelativeError(totals), fallbacks: yearFallbacks.count,
                consumptionInput: consumptionInput, consumptionGridded: consumptionGridded, consumptionMinusProductionInput: differenceInput, consumptionMinusProductionGridded: differenceGridded))
        }
        var outputs = written.outputs
        if tiles != nil { outputs.append(Manifest.Output(path: "tiles", format: "tiles", content: "tiles and viewer", years: years)) }
        outputs.append(Manifest.Output(path: "manifest.json", format: "manifest", content: "this manifest", years: years))
        let hasCO2Channel = job.formats.contains(.netcdf) && results.contains { $0.quantities.contains { $0.isProduction && $0.gas == "CO2" } }
        let recorded = layers + (hasCO2Channel ? [Layer(.gasTotal("CO2"))] : [])
        var manifest = Manifest(
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
                                     massUnit: "\(Layer.massUnit) \(layer.basis.rawValue) per cell per year", fluxUnit: layer.natural?.fluxIsCarbon == true ? "\(Layer.fluxUnit) expressed as carbon" : Layer.fluxUnit,
                                     palette: layer.palette.rawValue, inCog: job.formats.contains(.cog) && layers.contains(layer))
            },
            countryIds: written.countryCodes.map { Manifest.CountryID(id: Int($0.0), iso3: $0.1) },
            summary: summary,
            production: Manifest.Production(unit: "t CO2e per year", totals: production),
            consumption: config.consumption.map { spec in
                Manifest.Consumption(
                    source: spec.source.rawValue, path: config.relative(spec.path), weight: spec.weight.rawValue, unit: "t CO2 per year",
                    consumptionMinusProduction: "consumption − published territorial CO2 (a difference of two national totals, positive: more consumed than produced; embodied trade is in the trade section when an MRIO is given)",
                    countries: notes.map { note in
                        let g = note.status == .gridded ? gridded["\(note.year)/\(note.iso3)"] : nil
                        return Manifest.ConsumptionCountry(year: note.year, iso3: note.iso3, status: note.status.rawValue, territorialCo2: note.territorial,
                                                           consumptionCo2: note.consumption, consumptionMinusProduction: note.difference, territorialSpread: note.territorialSpread,
                                                           productionCo2: note.productionCO2?.rawValue,
                                                           consumptionGridded: g?.consumption, consumptionMinusProductionGridded: g?.difference,
                                                           productionCo2Gridded: g?.productionCO2)
                    })
            },
            fallbacks: fallbacks, composites: composites, unallocated: unallocated,
            skippedRows: skipped.counts.keys.sorted().map { Manifest.SkippedRows(reason: $0, count: skipped.counts[$0]!) },
            tiles: tiles)
        manifest.trade = trade.map { tradeSection($0, totals: written.totals) }
        return manifest
    }

    /// Territorial and export shares are spread like the production items they mirror.
    static func mirrorsProduction(_ q: Quantity) -> Bool {
        switch q {
        case .territorial, .embodiedExports, .publishedTerritorial: return true
        default: return false
        }
    }

    /// The manifest's trade section: the MRIO's accounts per country and what the layers hold.
    func tradeSection(_ trade: BuildTrade, totals: [[TotalRow]]) -> Manifest.Trade {
        let spec = job.config.trade!
        var gridded: [String: (imports: Double, exports: Double)] = [:]
        for (t, year) in job.config.years.enumerated() {
            for r in totals[t] {
                if r.quantity == .embodiedImports { gridded["\(year)/\(r.iso3)", default: (0, 0)].imports += r.gridded }
                if Layer(.embodiedExports).includes(r.quantity) { gridded["\(year)/\(r.iso3)", default: (0, 0)].exports += r.gridded }
            }
        }
        return Manifest.Trade(
            path: job.config.relative(spec.path), format: spec.format.rawValue, stressor: trade.stressor, unit: "t CO2 per year",
            sectorMap: job.config.relative(spec.sectorMap), netTrade: "embodied imports − embodied exports = D_cba − D_pba of the MRIO (positive: net imported)",
            years: trade.structure, notCountries: trade.notCountries,
            countries: trade.notes.map { n in
                let g = n.status == .gridded ? gridded["\(n.year)/\(n.iso3)"] ?? (0, 0) : nil
                return Manifest.TradeCountry(year: n.year, iso3: n.iso3, status: n.status.rawValue, embodiedImports: n.imports, embodiedExports: n.exports,
                                             consumptionCo2: n.consumption, territorialCo2: n.territorial, netTrade: n.netTrade,
                                             importsGridded: g?.imports, exportsGridded: g?.exports, exportFallbacks: n.exportFallbacks)
            })
    }

    static func maxRelativeError(_ totals: [TotalRow]) -> Double {
        totals.reduce(0) { m, r in max(m, r.input == 0 ? abs(r.gridded) : abs(r.gridded - r.input) / abs(r.input)) }
    }

    static func kindName(_ kind: Layer.Kind) -> String {
        switch kind {
        case .sector: return "sector"
        case .total: return "total"
        case .bunkers: return "bunkers"
        case .gasTotal: return "gas_total"
        case .productionCO2: return "production_co2"
        case .consumption: return "consumption"
        case .consumptionMinusProduction: return "consumption_minus_production"
        case .embodiedImports: return "embodied_imports"
        case .embodiedExports: return "embodied_exports"
        case .netTrade: return "net_trade"
        case .natural(let component): return component.isNet ? component.code : "natural"
        }
    }
}
