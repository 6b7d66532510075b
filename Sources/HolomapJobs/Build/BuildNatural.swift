import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// The natural layers of a build (docs/natural.md#the-map): the GCB 2023 land sink and
/// land-use-change grids and the GFED4.1s fire of the year, read once, conservatively remapped
/// onto the build's grid band by band as the writer fills its bands, and the nets made of them
/// cell by cell. Their own family: never part of the production total.
struct BuildNatural {
    let spec: BuildConfig.NaturalSpec
    let data: NaturalData
    /// The fire table entry of each build year (the year, the nearest, or the mean).
    let fireYears: [FireYear]
    /// Fire amounts spread over other classes than their type's, by fire table entry.
    let fallbacks: [(FireYear, FireGridding.Fallback)]

    /// The files of the section by manifest role.
    static func files(_ spec: BuildConfig.NaturalSpec) -> [(role: String, path: String)] {
        let p = spec.paths
        return [("natural_land_sink", p.landSink), ("natural_land_use_change", p.landUseChange)]
            + NaturalPaths.species.map { ("natural_fire_table", p.fireTable($0)) }
            + [("natural_fire_regions", p.fireRegions), ("natural_land_cover", p.landCover), ("natural_land_fraction", p.landFraction),
               ("natural_budget", p.budget)]
    }

    /// Why the build goes without the natural layers, or nil.
    static func skippedFor(_ spec: BuildConfig.NaturalSpec?) -> String? { spec?.skipReason }

    /// Decides, before any work, whether a config's natural section is skipped: a missing file
    /// with `if_missing: skip`.
    static func decide(_ config: inout BuildConfig) throws {
        guard let spec = config.natural else { return }
        if spec.ifMissing == .skip, let missing = files(spec).first(where: { !FileManager.default.fileExists(atPath: $0.path) }) {
            config.natural!.skipReason = "\(missing.path) is missing (natural.if_missing: skip)"
        }
    }

    /// The natural data of the build, read and checked before any gridding; nil without a natural
    /// section or when it is skipped.
    static func load(_ job: BuildJob) throws -> BuildNatural? {
        guard let spec = job.config.natural else { return nil }
        if let reason = skippedFor(spec) {
            job.progress(.note("natural: the natural layers are skipped: \(reason) (manifest natural.status)"))
            return nil
        }
        let years = job.config.years
        // A year outside the fire tables is an error naming the config key, before the grids are read.
        let co2 = spec.paths.fireTable("CO2")
        let table = try FireTable.parse(try TextFile.read(co2), file: co2)
        if spec.fireYear == .error, let year = years.first(where: { !table.years.contains($0) }) {
            throw InputError.malformedInput(file: job.configPath, place: "key natural.fire_year",
                                            reason: "year \(year) is outside \(table.years.first!)–\(table.years.last!), the years of \(co2): choose fire_year: nearest or mean")
        }
        let data = try NaturalData.load(spec.paths, year: years[0], policy: spec.fireYear, progress: job.progress)
        let fireYears = try years.map { try data.fire["CO2"]!.resolve($0, policy: spec.fireYear) }
        var fallbacks: [(FireYear, FireGridding.Fallback)] = []
        for (t, entry) in fireYears.enumerated() where !fireYears[..<t].contains(entry) {
            fallbacks += data.fireGridding.fallbacks(data.fireTonnes("CO2", entry)).map { (entry, $0) }
        }
        return BuildNatural(spec: spec, data: data, fireYears: fireYears, fallbacks: fallbacks)
    }

    /// The components of the source layers (the nets are made of them).
    static let sources: [NaturalComponent] = NaturalComponent.all.filter { !$0.isNet }

    /// The natural layers: every source, natural_net, and panoramic_net when the build has a
    /// production CO2 layer to add it to.
    static func layers(withProductionCO2: Bool) -> [Layer] {
        NaturalComponent.all.filter { $0 != .panoramicNet || withProductionCO2 }.map { Layer(.natural($0)) }
    }

    /// The source fields of year index `t` on `grid`, remapped band by band as they are filled.
    func fields(on grid: Grid, year t: Int) -> [NaturalComponent: any RowField] {
        var out: [NaturalComponent: any RowField] = [
            .landSink: LatLonRemapField(data.landSink.values, from: data.landSink.grid, to: grid),
            .landUseChange: LatLonRemapField(data.landUseChange.values, from: data.landUseChange.grid, to: grid),
        ]
        let gridding = data.fireGridding, columns = FireRemapField.columns(gridding, grid)
        for (component, species, types) in fireComponents {
            out[component] = FireRemapField(gridding, amounts: fireAmounts(species, types, year: t), to: grid, columns: columns)
        }
        return out
    }

    /// The shares of each source grid on a projected grid (docs/natural.md#projected-grids).
    struct ProjectedSharesSet {
        let landSink: CentreShares, landUseChange: CentreShares, fire: CentreShares
    }

    func projectedShares(on grid: Grid, areas: CellAreaTable) throws -> ProjectedSharesSet {
        // Sources on the same grid share one set of shares.
        var made: [CentreShares] = []
        func shares(_ source: Grid) throws -> CentreShares {
            if let known = made.first(where: { $0.source == source }) { return known }
            let new = try ProjectedShares.centreShares(source: source, target: grid, areas: areas)
            made.append(new)
            return new
        }
        return ProjectedSharesSet(landSink: try shares(data.landSink.grid), landUseChange: try shares(data.landUseChange.grid),
                                  fire: try shares(data.fireGridding.grid))
    }

    /// The source fields of year index `t` on a projected grid.
    func fields(_ shares: ProjectedSharesSet, year t: Int) -> [NaturalComponent: any RowField] {
        var out: [NaturalComponent: any RowField] = [
            .landSink: CentreSharesField(data.landSink.values, shares: shares.landSink),
            .landUseChange: CentreSharesField(data.landUseChange.values, shares: shares.landUseChange),
        ]
        for (component, species, types) in fireComponents {
            out[component] = CentreSharesField(data.fireGridding, amounts: fireAmounts(species, types, year: t), shares: shares.fire)
        }
        return out
    }

    func fireAmounts(_ species: String, _ types: Set<FireType>, year t: Int) -> [FireType: [Double]] {
        data.fireTonnes(species, fireYears[t]).filter { types.contains($0.key) }
    }

    /// Fire layers: (component, species, the fire types it sums).
    var fireComponents: [(NaturalComponent, String, Set<FireType>)] {
        [(.fire, "CO2", Set(FireType.allCases))] + FireType.allCases.map { (.fireType($0), "CO2", [$0]) }
            + [(.fireCH4, "CH4", Set(FireType.allCases)), (.fireN2O, "N2O", Set(FireType.allCases))]
    }

    /// The source integral of each source layer in year index `t` (t per year): Σ of the source
    /// grids' cells, as `holomap natural`'s WORLD rows.
    func integrals(year t: Int) -> [NaturalComponent: Double] {
        var out: [NaturalComponent: Double] = [.landSink: data.landSink.total, .landUseChange: data.landUseChange.total]
        let gridding = data.fireGridding
        for (component, species, types) in fireComponents {
            out[component] = gridding.total(gridding.coefficients(fireAmounts(species, types, year: t)))
        }
        out[.naturalNet] = out[.landSink]! + out[.landUseChange]!
        return out
    }

    /// Sets the writer's natural fields, integrals and metadata for `writer.grid`.
    func prepare(_ writer: inout LayerWriter) throws {
        let grid = writer.grid
        if grid.crs.isGeographic {
            writer.naturalFields = fireYears.indices.map { fields(on: grid, year: $0) }
        } else {
            let shares = try projectedShares(on: grid, areas: writer.cellAreas)
            writer.naturalFields = fireYears.indices.map { fields(shares, year: $0) }
        }
        writer.naturalIntegrals = fireYears.indices.map { integrals(year: $0) }
        writer.naturalIsGlobal = grid.wrapsLongitude && grid.minY <= -90 + 1e-9 && grid.maxY >= 90 - 1e-9
        writer.naturalMetadata = [("holomap_natural_years", "land_sink, land_use_change: \(Self.landYears); fire: GFED4.1s \(fireYears.map(\.description).joined(separator: ", "))"),
                                  ("holomap_natural_flux", Self.fluxUnits), ("holomap_panoramic_net", Self.panoramicNet)]
    }

    static let landYears = "GCB 2023 means of 2013–2022, whatever the build's year"
    static let fluxUnits = "NetCDF flux_ variables of the CO2 layers expressed as carbon (kg C m-2 s-1); fire_ch4 and fire_n2o as the gas (kg m-2 s-1); masses in t of the gas"
    static let panoramicNet = "production_co2 + natural_net, CO2 only: production_co2 is the inventory's fossil CO2 (every sector but IPCC 3), or, for an inventory without CO2 of its own (EDGAR v7 by sector is all-GHG CO2e), the consumption account's published territorial CO2, NaN for countries without an account; never CO2e. Without either there is no panoramic_net"
    static let rules = "natural_net = land_use_change + land_sink (CO2); fire CO2 is gross and stays out of every net (deforestation and peat fires are inside E_LUC, savanna and agricultural fires regrow within a year); S_LAND is never added to an inventory's own land-use removals (IPCC 3.B): the natural layers are a family of their own, outside the production total"

    /// The manifest's natural section: written (with the layers' sums) or skipped; nil without a
    /// natural section.
    static func record(_ natural: BuildNatural?, job: BuildJob, sums: [[String: (gridded: Double, source: Double?)]]) -> Manifest.NaturalRecord? {
        guard let spec = job.config.natural else { return nil }
        let credits = DataCredits.natural
        let sources = files(spec).map { f in
            Manifest.NaturalSource(role: f.role, path: job.config.relative(f.path), source: credits[f.role]!.source, licence: credits[f.role]!.licence)
        }
        var years: [Manifest.NaturalYear] = []
        if let natural {
            for (t, year) in job.config.years.enumerated() {
                let totals = NaturalComponent.all.compactMap { c in
                    sums[t][c.code].map { Manifest.NaturalTotal(layer: c.code, unit: "t \(c.gas) per year", source: $0.source, gridded: $0.gridded) }
                }
                years.append(Manifest.NaturalYear(year: year, fireYear: natural.fireYears[t].description, totals: totals))
            }
        }
        let skipped = skippedFor(spec)
        return Manifest.NaturalRecord(
            status: natural == nil ? "skipped" : "written", reason: skipped,
            sign: "emissions positive, removals negative", rules: rules, fluxUnits: fluxUnits, panoramicNet: panoramicNet, landYears: landYears,
            fireYearPolicy: spec.fireYear.rawValue, sources: sources, years: years,
            fallbacks: natural?.fallbacks.map { Manifest.NaturalFallback(fireYear: $0.0.description, type: $0.1.type.rawValue, region: $0.1.region,
                                                                          spreadOver: $0.1.spreadOver, tonnesCo2: $0.1.tonnes) } ?? [])
    }
}

extension LayerWriter {
    /// Each natural layer's Σ over the grid and the Σ of its sources, by code; on a global grid
    /// they must agree to 1e-9, or the run stops like any conservation violation. panoramic_net's
    /// sources are production_co2's Σ + natural_net's integral, unless NoData cells (no
    /// production CO2) leave part of natural_net out: then it has no source total.
    func checkNatural(layerSums: [Double], integrals: [NaturalComponent: Double], panoramicMasked: Bool, year: Int) throws -> [String: (gridded: Double, source: Double?)] {
        var out: [String: (gridded: Double, source: Double?)] = [:]
        let co2 = layers.firstIndex(of: Layer(.productionCO2))
        for (k, layer) in layers.enumerated() {
            guard let component = layer.natural else { continue }
            let source = component != .panoramicNet ? integrals[component]! : panoramicMasked ? nil : layerSums[co2!] + integrals[.naturalNet]!
            out[layer.code] = (layerSums[k], source)
            guard let source, naturalIsGlobal else { continue }
            guard abs(layerSums[k] - source) <= 1e-9 * max(abs(source), 1) else {
                throw InternalError("layer \(layer.code) \(year) sums to \(layerSums[k]) on \(grid.name), its sources to \(source)")
            }
        }
        return out
    }
}
