import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore
import HolomapExport

/// `holomap build`: national inventories spread onto a grid by proxies, every total conserved,
/// with consumption and transfer layers when the config has a consumption account; written as
/// COG, CF NetCDF, tiles and a manifest into a staging folder that replaces `--out` in one step
/// at the end. Returns values and throws; never prints.
public struct BuildJob {
    public var config: BuildConfig
    public var configPath: String
    public var outputFolder: String
    public var countries: [String]?
    public var formats: Set<OutputFormat>
    public var skipInvalid = false
    /// Highest tile zoom; nil: about the grid's resolution, at most 6.
    public var maxZoom: Int?
    public var overwrite = false
    public var progress: ProgressHandler = { _ in }

    public init(config: BuildConfig, configPath: String, outputFolder: String, countries: [String]?, formats: Set<OutputFormat>) {
        self.config = config; self.configPath = configPath; self.outputFolder = outputFolder
        self.countries = countries; self.formats = formats
    }

    public struct Summary: Sendable {
        public var countries: Int
        public var records: Int
        public var maxRelativeError: Double
        /// Paths of the files and folders written.
        public var outputs: [String]
        public var manifest: Manifest
    }

    /// The file name of the production COG of `year`.
    func cogName(_ year: Int) -> String { config.years.count == 1 ? "production.tif" : "production-\(year).tif" }
    /// The file name of the consumption and trade COG of `year` (nodata NaN).
    func consumptionCOGName(_ year: Int) -> String { config.years.count == 1 ? "consumption.tif" : "consumption-\(year).tif" }
    /// The file name of the natural layers' COG of `year` (nodata NaN).
    func naturalCOGName(_ year: Int) -> String { config.years.count == 1 ? "natural.tif" : "natural-\(year).tif" }

    @discardableResult
    public func run() throws -> Summary {
        // Everything that can be checked before the work starts is checked first.
        var job = self
        if let families = config.layers { job.config = try config.keeping(families) }
        try BuildNatural.decide(&job.config)
        return try job.build()
    }

    func build() throws -> Summary {
        let inputs = try BuildInputs.check(self)
        let folder = try StagedFolder(outputFolder, overwrite: overwrite, kind: "build")
        defer { folder.discard() }
        let natural = try BuildNatural.load(self)
        var grid = inputs.grid
        let years = config.years

        // The inventory is read and parsed on another thread while the boundaries load.
        progress(.step("build: reading \(config.inventory.path)"))
        let format = config.inventory.format, inventoryPath = config.inventory.path, names = inputs.codeTable.alpha3ByName
        let parsed = BackgroundTask { try format.parse(try TextFile.read(inventoryPath), file: inventoryPath, years: Set(years), names: names) }
        let source = try BoundaryLoader.open(config.boundaries, idField: config.idField)
        for note in source.notes { progress(.note(note)) }
        // Checksums of the inputs, for the manifest, on another thread while the grid is built.
        let files = inputs.files
        let checksums = BackgroundTask { try files.map { try Checksum.sha256(of: $0.path) } }
        let records = try parsed.value()
        let former = try FormerCodes.load()
        var validator = InventoryValidator(knownCountries: Set(inputs.codeTable.nameByAlpha3.keys).union(source.codes).union(former.successors.keys),
                                           gwp: inputs.gwp, skipInvalid: skipInvalid, basis: format.co2eBasis, sourceGWP: inputs.sourceGWP)
        var emissions = try validator.convert(records, file: config.inventory.path)
        if let countries {
            let wanted = Set(countries)
            try source.checkCodes(countries)
            emissions = emissions.filter { wanted.contains($0.iso3) }
        }
        let (splitEmissions, splitRecords) = try Self.splitSectors(emissions, config: config)
        emissions = splitEmissions
        let byYear = Dictionary(grouping: emissions, by: \.year)
        for year in years where byYear[year]?.isEmpty ?? true {
            throw InputError.malformedInput(file: config.inventory.path, place: "", reason: "no values for year \(year)\(countries.map { " and countries \($0.joined(separator: ","))" } ?? "")")
        }

        let available = Set(source.codes)
        // A former code (EDGAR's SCG, ANT) is spread over the boundaries of its successors.
        var composites: [String: [String]] = [:]
        for code in Set(emissions.map(\.iso3)) where !available.contains(code) {
            if let parts = former.successors[code]?.filter(available.contains), !parts.isEmpty { composites[code] = parts }
        }
        let codes = Set(emissions.map(\.iso3)).filter { available.contains($0) }.union(composites.values.joined()).sorted()
        progress(.step("build: \(emissions.count) inventory values (\(years.map(String.init).joined(separator: ", "))), \(codes.count) countries, grid \(grid.name) (\(grid.width)×\(grid.height))"))
        var coverageList = try CoverageJob.coverages(codes, from: source, on: grid, progress: progress).coverages
        // A national build (--countries) writes only the window of the grid its countries cover:
        // the same cells, far fewer of them (a country at 0.01° instead of the whole world).
        if countries != nil, let window = Self.window(of: coverageList, in: grid) {
            grid = grid.window(rows: window.rows, columns: window.columns)
            coverageList = coverageList.map { $0.inWindow(rows: window.rows, columns: window.columns) }
            progress(.step("build: window of the countries' cells: rows \(window.rows), columns \(window.columns) (\(grid.width)×\(grid.height))"))
        }
        if let dcw = source as? DCWBoundaries { coverageList = Self.cutOut(coverageList, dcw.cutOuts) }
        var coverages: [String: SparseCoverage] = [:]
        for c in coverageList { coverages[c.code] = c }
        for (code, parts) in composites { coverages[code] = SparseCoverage.union(code: code, of: parts.compactMap { coverages[$0] }) }

        // The land people move to: the coverages the gridding spreads over (a former code's
        // union, not its successors as well).
        let gridded = Set(emissions.map(\.iso3)).compactMap { coverages[$0] }.sorted { $0.code < $1.code }
        var (proxies, population) = try loadProxies(grid: grid, coverages: gridded)
        let sites = try BuildSites(config: config, grid: grid, coverages: coverages)
        proxies.sites = sites.weights
        let plants = try config.proxies.powerPlants.map { _ in
            progress(.step("build: power plants \(config.proxies.powerPlants!)"))
            return try PlantProxies(config: config, grid: grid, coverages: coverages)
        }
        let calibrations = plants.map { p in years.map { p.calibrate($0) } }
        let bunkers = try BuildBunkers.load(config, grid: grid, airports: sites.airports)
        let bunkerProxies = years.map { bunkers?.proxy(year: $0, emissions: byYear[$0] ?? [], splitPath: config.proxies.bunkerSplit.map(config.relative)) }
        var items = byYear.mapValues(GriddingEngine.items)
        var chains = ProxyChains(sectors: config.sectors)
        var consumptionNotes: [ConsumptionLayers.Note] = []
        if let spec = config.consumption {
            // A country is on the grid when its coverage has a cell (a regional grid leaves many out).
            let onGrid = Set(coverages.filter { !$0.value.isEmpty }.keys)
            let published = try Adjustments.records(spec.source, text: try TextFile.read(spec.path), path: spec.path, years: years)
            for year in years {
                let (extra, notes) = try ConsumptionLayers.items(published[year]!, path: spec.path, year: year, production: byYear[year]!,
                                                                 countries: countries.map(Set.init), covered: onGrid)
                items[year]! += extra
                consumptionNotes += notes
            }
            chains.consumptionWeight = spec.weight == .income ? .income : .population
        }
        var trade: BuildTrade? = nil
        if let spec = config.trade {
            trade = try BuildTrade(spec, years: years, production: byYear, countries: countries.map(Set.init),
                                   onGrid: Set(coverages.filter { !$0.value.isEmpty }.keys), progress: progress)
            for year in years { items[year]! += trade!.items[year] ?? [] }
        }

        progress(.step("build: gridding plans"))
        let scratch = ScratchPool(), sumCache = WeightSumCache()
        let results = years.enumerated().map { t, year in
            var yearProxies = proxies
            if let plants, let calibrations { yearProxies.pointSources = plants.pointSources(calibrations[t]) }
            return GriddingEngine.grid(items[year]!, coverages: coverages, proxies: yearProxies, grid: grid, chains: chains, scratch: scratch,
                                       bunkers: bunkerProxies[t], sumCache: sumCache)
        }

        let layers = Self.layers(results, production: config.writesProduction, natural: natural != nil)
        if layers.isEmpty { throw InputError.invalidArgument("layers \(config.layers!.map(\.rawValue).joined(separator: ",")): nothing to write (natural layers skipped: see the note above)") }
        var writer = LayerWriter(job: self, grid: grid, layers: layers, coverages: coverageList, cellAreas: proxies.cellAreas, folder: folder.staging)
        writer.gwpLabel = validator.basis.outputLabel
        writer.extraCoverages = bunkers?.coverages ?? []
        writer.noData = NoDataMask.masks(layers: layers, years: years, consumption: consumptionNotes, trade: trade?.notes ?? [], coverages: coverages)
        try natural?.prepare(&writer)
        let written = try writer.write(results)
        var tiles: Manifest.Tiles? = nil
        if formats.contains(.tiles) {
            tiles = try BuildTiles(job: self, grid: grid, layers: layers, folder: folder.staging, boundaries: source,
                                   countries: coverageList.map(\.code), gwpLabel: validator.basis.outputLabel, naturalFields: writer.naturalFields)
                .write(results, extents: written.extents)
        }
        var manifest = try BuildManifest(job: self, grid: grid, layers: layers, written: written).make(
            results, inputs: zip(files, try checksums.value()).map { Manifest.Input(role: $0.role, path: config.relative($0.path), sha256: $1) },
            configChecksum: try Checksum.sha256(of: configPath), skipped: validator.skipped, consumption: consumptionNotes, trade: trade, tiles: tiles,
            composites: composites.keys.sorted().map {
                Manifest.Composite(iso3: $0, name: former.names[$0] ?? $0, spreadOver: composites[$0]!,
                                   reason: "former ISO 3166 code: its total is spread over its successors' boundaries")
            })
        manifest.sectorSplit = splitRecords.isEmpty ? nil : splitRecords
        manifest.natural = BuildNatural.record(natural, job: self, sums: written.naturalSums)
        manifest.sites = sites.records.isEmpty ? nil : sites.records
        if let population {
            manifest.population = population.record(results, years: years, relative: config.relative)
            if countries == nil { manifest.checks.append(population.lostCheck) }
        }
        manifest.gwpBasis = Self.gwpRecord(validator.basis)
        if validator.basis.mismatch {
            manifest.checks.append(Manifest.Check(name: "gwp_basis", year: nil, ok: false, value: nil, limit: "every CO2e value in the config's set",
                                                  detail: validator.basis.detail))
        }
        if bunkers != nil {
            manifest.bunkers = BuildBunkers.record(config, years: years, totals: written.totals, results: results, proxies: bunkerProxies.map { $0! })
        }
        if let plants, let calibrations {
            manifest.powerPlants = plants.record(calibrations, relative: config.relative)
            for r in calibrations { manifest.checks += plants.checks(r, countries: Set(codes)) }
        }
        for (t, year) in years.enumerated() {
            manifest.checks.append(BuildChecks.inventoryAccounted(year: year, records: records, countries: countries.map(Set.init), gwp: inputs.gwp,
                                                                  basis: validator.basis, sourceGWP: validator.sourceGWP, totals: written.totals[t], unallocated: results[t].unallocated, skipped: validator.skipped))
            if let trade { manifest.checks.append(BuildChecks.tradeIdentity(year: year, notes: trade.notes, netTradeGridded: BuildChecks.netTradeGridded(written.totals[t]))) }
        }
        for check in manifest.checks where !check.ok {
            progress(.warning("check \(check.name)\(check.year.map { " \($0)" } ?? "") failed: \(check.detail) (the outputs are written; see docs/manifest.md#checks)"))
        }
        try manifest.encoded().write(to: folder.staging.appendingPathComponent("manifest.json"))
        try folder.commit()
        let outputs = manifest.outputs.map { URL(fileURLWithPath: outputFolder).appendingPathComponent($0.path).path }
        return Summary(countries: codes.count, records: emissions.count, maxRelativeError: written.maxRelativeError, outputs: outputs, manifest: manifest)
    }

    /// Each country's coverage capped by the territories cut out of it (DCWBoundaries.cutOuts).
    static func cutOut(_ list: [SparseCoverage], _ cutOuts: [String: [String]]) -> [SparseCoverage] {
        let byCode = Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        return list.map { c in
            guard let parts = cutOuts[c.code]?.compactMap({ byCode[$0] }), !parts.isEmpty else { return c }
            return c.capped(by: parts)
        }
    }

    static func gwpRecord(_ b: GWPBasisReport) -> Manifest.GWPBasisRecord {
        Manifest.GWPBasisRecord(inventory: b.source.description, configured: b.configured, output: b.outputLabel, mismatch: b.mismatch,
                                massValues: b.massRecords, sameSetValues: b.sameSetRecords, convertedValues: b.convertedRecords,
                                unconvertedValues: b.unconvertedRecords, unconvertedTCo2e: b.unconvertedTonnes,
                                unstatedValues: b.unstatedRecords, unstatedTCo2e: b.unstatedTonnes)
    }

    /// The smallest window of `grid` holding every covered cell; nil when that is the whole grid
    /// or nothing is covered.
    static func window(of coverages: [SparseCoverage], in grid: Grid) -> (rows: Range<Int>, columns: Range<Int>)? {
        let bounds = coverages.compactMap(\.cellBounds)
        guard !bounds.isEmpty else { return nil }
        let rows = bounds.map(\.rows.lowerBound).min()!..<(bounds.map(\.rows.upperBound).max()! + 1)
        let columns = bounds.map(\.columns.lowerBound).min()!..<(bounds.map(\.columns.upperBound).max()! + 1)
        return rows.count == grid.height && columns.count == grid.width ? nil : (rows, columns)
    }

    func loadProxies(grid: Grid, coverages: [SparseCoverage]) throws -> (ProxySet, PopulationProxy?) {
        let cellAreas = try CellAreas.table(grid)
        // Read once: the urban class also refines the population.
        let landCover = try LandCoverProxy.fields(config: config, grid: grid)
        var population: PopulationProxy? = nil
        if let path = config.proxies.population {
            progress(.step("build: population proxy \(path)"))
            population = try PopulationProxy(config: config, grid: grid, coverages: coverages, cellAreas: cellAreas, urbanLand: landCover[.urban])
        }
        var income: (any RowField)? = nil
        if let path = config.proxies.income {
            progress(.step("build: income proxy \(path)"))
            income = try ProxyLoader.countField(path, onto: grid, cellAreas: cellAreas)
        }
        return (ProxySet(population: population?.field, pointSources: [:], cellAreas: cellAreas, income: income, landCover: landCover), population)
    }

    /// The layers of a build: one per production sector present in any year, the total, then
    /// with a consumption side the fossil CO2 production it is compared with, consumption and
    /// consumption − production (published account), embodied imports, exports and net trade (MRIO).
    /// Without `production` the sectors, bunkers and total are left out; with `natural` its layers
    /// come last, panoramic_net only when there is a production CO2 to add natural_net to.
    static func layers(_ results: [GriddingResult], production: Bool = true, natural: Bool = false) -> [Layer] {
        let quantities = Set(results.flatMap(\.quantities))
        var layers: [Layer] = []
        if production {
            // Memo items (international bunkers) make one layer of their own, kept out of the total.
            layers = Set(quantities.compactMap(\.sector)).filter { Sectors.byCode[$0]?.isMemo != true }.sorted().map { Layer(.sector($0)) }
            if quantities.contains(where: Layer(.bunkers).includes) { layers.append(Layer(.bunkers)) }
            layers.append(Layer(.total))
        }
        // Beside the consumption side and the panoramic net, production on its gas basis: the
        // inventory's fossil CO2, or without any (EDGAR v7 by sector is all-GHG) the accounts'
        // published territorial CO2.
        let productionCO2 = quantities.contains(where: { Layer(.productionCO2).includes($0) })
        if productionCO2, natural || quantities.contains(where: { !$0.isProduction }) {
            layers.append(Layer(.productionCO2))
        }
        if quantities.contains(.consumption) { layers += [Layer(.consumption), Layer(.consumptionMinusProduction)] }
        if quantities.contains(where: { $0 == .embodiedImports || Layer(.embodiedExports).includes($0) }) {
            layers += [Layer(.embodiedImports), Layer(.embodiedExports), Layer(.netTrade)]
        }
        if natural { layers += BuildNatural.layers(withProductionCO2: productionCO2) }
        return layers
    }
}
