import Foundation
import HolomapBridge
import HolomapCore
import Yams

/// The configuration of `holomap build` (YAML). Paths are relative to the file.
public struct BuildConfig: Decodable, Sendable {
    public struct InventorySpec: Decodable, Sendable {
        public var path: String
        public var format: String
        public init(path: String, format: String) { self.path = path; self.format = format }
    }
    public struct GWPSpec: Decodable, Sendable { public var table: String; public var set: String }
    public struct ProxySpec: Decodable, Sendable {
        public var population: String?
        public var powerPlants: String?
        public var fuelFactors: String?
        /// Income per cell (GDP, extensive), for `consumption.weight: income`.
        public var income: String?
        enum CodingKeys: String, CodingKey { case population, powerPlants = "power_plants", fuelFactors = "fuel_factors", income }
    }
    /// National consumption-based CO2 (and the territorial CO2 it is compared with) from a
    /// published file, spread to where consumers live.
    public struct ConsumptionSpec: Decodable, Sendable {
        public var path: String
        /// owid or gcb (docs/consumption.md).
        public var source: String
        /// population (default) or income.
        public var weight: String?
    }
    /// Inventory years: `year: 2022` or `years: [2021, 2022]` in the file.
    public var years: [Int]
    public var year: Int {
        get { years.last! }
        set { years = [newValue] }
    }
    public var grid: String
    public var boundaries: String
    public var idField: String?
    public var inventory: InventorySpec
    public var gwp: GWPSpec
    public var proxies: ProxySpec
    public var sectors: [String: [String]]?
    public var formats: [String]?
    public var consumption: ConsumptionSpec?
    enum CodingKeys: String, CodingKey { case year, years, grid, boundaries, idField = "id_field", inventory, gwp, proxies, sectors, formats, consumption }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let list = try c.decodeIfPresent([Int].self, forKey: .years) { years = list }
        else { years = [try c.decode(Int.self, forKey: .year)] }
        guard !years.isEmpty, Set(years).count == years.count else {
            throw DecodingError.dataCorruptedError(forKey: .years, in: c, debugDescription: "years must be a non-empty list without repeats")
        }
        years.sort()
        grid = try c.decode(String.self, forKey: .grid)
        boundaries = try c.decode(String.self, forKey: .boundaries)
        idField = try c.decodeIfPresent(String.self, forKey: .idField)
        inventory = try c.decode(InventorySpec.self, forKey: .inventory)
        gwp = try c.decode(GWPSpec.self, forKey: .gwp)
        proxies = try c.decode(ProxySpec.self, forKey: .proxies)
        sectors = try c.decodeIfPresent([String: [String]].self, forKey: .sectors)
        formats = try c.decodeIfPresent([String].self, forKey: .formats)
        consumption = try c.decodeIfPresent(ConsumptionSpec.self, forKey: .consumption)
    }

    /// Reads a config file and makes its paths absolute.
    public static func load(_ path: String) throws -> BuildConfig {
        let text = try TextFile.read(path)
        var config: BuildConfig
        do {
            config = try YAMLDecoder().decode(BuildConfig.self, from: text)
        } catch let error as DecodingError {
            throw HolomapError.malformedInput(file: path, place: "", reason: "invalid build config: \(decodingMessage(error))")
        } catch {
            throw HolomapError.malformedInput(file: path, place: "", reason: "not YAML: \(error)")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String?) -> String? {
            guard let p, !p.hasPrefix("/") else { return p }
            return base.appendingPathComponent(p).standardizedFileURL.path
        }
        config.inventory.path = resolve(config.inventory.path)!
        config.gwp.table = resolve(config.gwp.table)!
        config.proxies.population = resolve(config.proxies.population)
        config.proxies.powerPlants = resolve(config.proxies.powerPlants)
        config.proxies.fuelFactors = resolve(config.proxies.fuelFactors)
        config.proxies.income = resolve(config.proxies.income)
        if let c = config.consumption { config.consumption!.path = resolve(c.path)! }
        if config.boundaries != "dcw" { config.boundaries = resolve(config.boundaries)! }
        if config.grid.hasSuffix(".json") { config.grid = resolve(config.grid)! }
        return config
    }

    public static func defaultPath() throws -> String {
        try Resources.folder("grids").appendingPathComponent("default-bundle/config.yaml").path
    }

    static func decodingMessage(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let c): return "missing key '\((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "bad value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "\(error)"
        }
    }
}

/// `holomap build`: national production-side inventories spread onto a grid by proxies,
/// every total conserved, written as COG, CF NetCDF and a manifest.
public struct BuildJob {
    public enum Format: String, CaseIterable, Sendable { case cog, netcdf, tiles }

    public var config: BuildConfig
    public var configPath: String
    public var outputFolder: String
    public var countries: [String]?
    public var formats: Set<Format>
    public var skipInvalid = false
    /// Highest tile zoom; nil: about the grid's resolution, at most 6.
    public var maxZoom: Int?
    public var overwrite = false
    public var progress: @Sendable (String) -> Void = { _ in }
    /// Draw a progress bar on stderr (a terminal) for the writing pass.
    public var drawProgressBar = false

    public init(config: BuildConfig, configPath: String, outputFolder: String, countries: [String]?, formats: Set<Format>) {
        self.config = config; self.configPath = configPath; self.outputFolder = outputFolder
        self.countries = countries; self.formats = formats
    }

    public struct Summary: Sendable {
        public var countries: Int
        public var records: Int
        public var maxRelativeError: Double
        public var outputs: [String]
    }

    var outputPaths: [String] {
        var paths: [String] = []
        if formats.contains(.cog) { paths += config.years.map(cogName) + ["country.tif"] }
        if formats.contains(.netcdf) { paths.append("holomap.nc") }
        if formats.contains(.tiles) { paths.append("tiles") }
        paths.append("manifest.json")
        return paths.map { URL(fileURLWithPath: outputFolder).appendingPathComponent($0).path }
    }

    @discardableResult
    public func run() throws -> Summary {
        let fm = FileManager.default
        for path in outputPaths where !overwrite && fm.fileExists(atPath: path) { throw HolomapError.outputExists(path: path) }
        let grid = try GridLoader.load(config.grid)
        let codeTable = try CountryCodes.load()
        let gwpText = try TextFile.read(config.gwp.table)
        let gwp = try GWPSet.parse(gwpText, column: config.gwp.set, source: config.gwp.table)
        guard let format = InventoryFormat(rawValue: config.inventory.format) else {
            throw HolomapError.malformedInput(file: configPath, place: "inventory.format",
                                              reason: "unknown format '\(config.inventory.format)' (known: \(InventoryFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var sectorProxies: [String: [ProxyKind]] = [:]
        for (sector, names) in config.sectors ?? [:] {
            guard Sectors.byCode[sector] != nil else { throw HolomapError.malformedInput(file: configPath, place: "sectors", reason: "unknown IPCC sector '\(sector)'") }
            sectorProxies[sector] = try names.map { name in
                guard let kind = ProxyKind(rawValue: name) else {
                    throw HolomapError.malformedInput(file: configPath, place: "sectors.\(sector)", reason: "unknown proxy '\(name)' (known: \(ProxyKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return kind
            }
        }

        let consumptionSource: Adjustments.Source?
        var consumptionWeight = ProxyKind.population
        if let spec = config.consumption {
            guard let source = Adjustments.Source(rawValue: spec.source) else {
                throw HolomapError.malformedInput(file: configPath, place: "consumption.source", reason: "unknown source '\(spec.source)' (known: owid, gcb)")
            }
            consumptionSource = source
            switch spec.weight ?? "population" {
            case "population": consumptionWeight = .population
            case "income":
                guard config.proxies.income != nil else { throw HolomapError.malformedInput(file: configPath, place: "consumption.weight", reason: "income needs proxies.income (a GDP raster)") }
                consumptionWeight = .income
            default: throw HolomapError.malformedInput(file: configPath, place: "consumption.weight", reason: "unknown weight '\(spec.weight!)' (known: population, income)")
            }
        } else {
            consumptionSource = nil
        }

        // The inventory is read and parsed on another thread while the boundaries load.
        progress("build: reading \(config.inventory.path)")
        let years = config.years
        let inventoryPath = config.inventory.path, names = codeTable.alpha3ByName
        let parsed = BackgroundTask { try format.parse(try TextFile.read(inventoryPath), file: inventoryPath, years: Set(years), names: names) }
        let source = try BoundaryLoader.open(config.boundaries, idField: config.idField)
        // Checksums of the inputs, for the manifest, on another thread while the grid is built.
        var inputs: [(role: String, path: String)] = [("inventory", config.inventory.path), ("gwp", config.gwp.table)]
        inputs.append(("boundaries", config.boundaries == "dcw" ? BoundaryLoader.dcwPath : config.boundaries))
        if let path = config.proxies.population { inputs.append(("population", path)) }
        if let path = config.proxies.income { inputs.append(("income", path)) }
        if let path = config.consumption?.path { inputs.append(("consumption", path)) }
        if let path = config.proxies.powerPlants, let factorsPath = config.proxies.fuelFactors { inputs += [("power_plants", path), ("fuel_factors", factorsPath)] }
        let paths = inputs.map(\.path)
        let checksums = BackgroundTask { try paths.map { try Self.sha256(of: $0) } }
        let records = try parsed.value()
        let former = try FormerCodes.load()
        var validator = InventoryValidator(knownCountries: Set(codeTable.nameByAlpha3.keys).union(source.codes).union(former.successors.keys),
                                           gwp: gwp, skipInvalid: skipInvalid)
        var emissions = try validator.convert(records, file: config.inventory.path)
        if let countries {
            let wanted = Set(countries)
            try source.checkCodes(countries)
            emissions = emissions.filter { wanted.contains($0.iso3) }
        }
        let byYear = Dictionary(grouping: emissions, by: \.year)
        for year in years where byYear[year]?.isEmpty ?? true {
            throw HolomapError.malformedInput(file: config.inventory.path, place: "", reason: "no values for year \(year)\(countries.map { " and countries \($0.joined(separator: ","))" } ?? "")")
        }

        let available = Set(source.codes)
        // A former code (EDGAR's SCG, ANT) is spread over the boundaries of its successors.
        var composites: [String: [String]] = [:]
        for code in Set(emissions.map(\.iso3)) where !available.contains(code) {
            if let parts = former.successors[code]?.filter(available.contains), !parts.isEmpty { composites[code] = parts }
        }
        let codes = Set(emissions.map(\.iso3)).filter { available.contains($0) }.union(composites.values.joined()).sorted()
        progress("build: \(emissions.count) inventory values (\(years.map(String.init).joined(separator: ", "))), \(codes.count) countries, grid \(grid.name) (\(grid.width)×\(grid.height))")
        let coverageList = try CoverageJob.coverages(codes, from: source, on: grid, progress: progress).coverages
        var coverages: [String: SparseCoverage] = [:]
        for c in coverageList { coverages[c.code] = c }
        for (code, parts) in composites { coverages[code] = SparseCoverage.union(code: code, of: parts.compactMap { coverages[$0] }) }

        let cellAreas = try CellAreas.table(grid)
        var population: (any RowField)? = nil
        if let path = config.proxies.population {
            progress("build: population proxy \(path)")
            population = try ProxyLoader.countField(path, onto: grid, cellAreas: cellAreas)
        }
        var plants: [String: [(cell: Int, weight: Double)]] = [:]
        if let path = config.proxies.powerPlants {
            guard let factorsPath = config.proxies.fuelFactors else {
                throw HolomapError.malformedInput(file: configPath, place: "proxies", reason: "power_plants needs fuel_factors")
            }
            plants = try ProxyLoader.powerPlants(path, factors: try FuelFactors.load(factorsPath), onto: grid)
        }

        var income: (any RowField)? = nil
        if let path = config.proxies.income {
            progress("build: income proxy \(path)")
            income = try ProxyLoader.countField(path, onto: grid, cellAreas: cellAreas)
        }
        var items = byYear
        var consumptionNotes: [[String: Any]] = []
        if let consumptionSource, let spec = config.consumption {
            let published = try Adjustments.records(consumptionSource, path: spec.path, years: years)
            for year in years {
                let (extra, notes) = try Self.consumptionItems(published[year]!, path: spec.path, year: year, production: byYear[year]!,
                                                               countries: countries.map(Set.init), covered: Set(coverages.keys))
                items[year]! += extra
                consumptionNotes += notes
            }
            let chains = Set(emissions.map(\.sector)).map { sector in
                ("\(Self.territorialPrefix)\(sector)", sectorProxies[sector] ?? Sectors.byCode[sector]?.proxies ?? [.population])
            }
            for (sector, chain) in chains { sectorProxies[sector] = chain }
            sectorProxies[Self.consumptionSector] = [consumptionWeight]
            sectorProxies["\(Self.territorialPrefix)\(Self.consumptionSector)"] = [consumptionWeight]
        }

        progress("build: gridding plans")
        let proxies = ProxySet(population: population, pointSources: plants, cellAreas: cellAreas, income: income)
        let results = years.map { GriddingEngine.grid(items[$0]!, coverages: coverages, proxies: proxies, grid: grid, sectorProxies: sectorProxies) }

        try fm.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        let written = try write(results, grid: grid, coverages: coverageList, cellAreas: cellAreas)
        try writeManifest(results, grid: grid, inputs: zip(inputs, try checksums.value()).map { ($0.role, $0.path, $1) }, skipped: validator.skipped, written: written,
                          consumption: consumptionNotes,
                          composites: composites.keys.sorted().map { ["iso3": $0, "name": former.names[$0] ?? $0, "spread_over": composites[$0]!,
                                                                      "reason": "former ISO 3166 code: its total is spread over its successors' boundaries"] })
        return Summary(countries: codes.count, records: emissions.count, maxRelativeError: written.maxRelativeError, outputs: outputPaths)
    }

    /// What the writing pass produced: the ledgers (checked) and the tile colour scale.
    struct Written {
        var totals: [[TotalRow]]
        var maxRelativeError: Double
        var tileScale: TileExporter.Scale?
        var outputs: [String]
        var countryCodes: [(Int32, String)]
    }

    /// The layers of one year: one per sector present in any year, then the total, then (with
    /// a consumption account) consumption and transfer.
    struct Layer {
        var code: String
        var name: String
        /// Whether an item of the gridding goes into this layer.
        func includes(_ key: LayerKey) -> Bool {
            switch code {
            case "total": return !BuildJob.isConsumptionSide(key.sector)
            case "transfer": return BuildJob.isConsumptionSide(key.sector)
            default: return key.sector == code
            }
        }
    }

    /// The pseudo-sector of consumption-based CO2, and the prefix of the (negative) territorial
    /// CO2 items that make the transfer layer with it. They never reach production layers.
    static let consumptionSector = "consumption"
    static let territorialPrefix = "territorial|"
    static func isConsumptionSide(_ sector: String) -> Bool { sector == consumptionSector || sector.hasPrefix(territorialPrefix) }

    /// Consumption items for one year (t CO2, spread by the consumption weight) and, for the
    /// transfer layer, the published territorial CO2 with a minus sign spread like the country's
    /// production: each production item e of country c gives −e × T_c / P_c (P_c: Σ of c's
    /// production). Per country the transfer layer then sums to consumption − territorial, as
    /// published. Returns also one manifest note per country.
    static func consumptionItems(_ records: [Adjustments.Record], path: String, year: Int, production: [Emission], countries: Set<String>?,
                                 covered: Set<String>) throws -> ([Emission], [[String: Any]]) {
        let byCountry = Dictionary(grouping: production.filter { Sectors.byCode[$0.sector]?.isMemo != true }, by: \.iso3)
        var out: [Emission] = [], notes: [[String: Any]] = [], seen = Set<String>()
        for r in records {
            guard let iso3 = r.iso3, countries?.contains(iso3) ?? true, let t = r.territorial, let c = r.consumption, !seen.contains(iso3) else { continue }
            seen.insert(iso3)
            let territorial = t * 1e6, consumption = c * 1e6
            out.append(Emission(iso3: iso3, year: year, sector: consumptionSector, gas: "CO2", tonnesCO2e: consumption))
            let items = (byCountry[iso3] ?? []).sorted { ($0.sector, $0.gas) < ($1.sector, $1.gas) }
            let total = items.reduce(0) { $0 + $1.tonnesCO2e }
            if total > 0 {
                for e in items { out.append(Emission(iso3: iso3, year: year, sector: territorialPrefix + e.sector, gas: e.gas, tonnesCO2e: -e.tonnesCO2e * territorial / total)) }
            } else {
                out.append(Emission(iso3: iso3, year: year, sector: territorialPrefix + consumptionSector, gas: "CO2", tonnesCO2e: -territorial))
            }
            notes.append(["year": year, "iso3": iso3, "territorial_co2": territorial, "consumption_co2": consumption, "transfer": consumption - territorial,
                          "territorial_spread": total > 0 ? "like the country's production" : "by the consumption weight (no production in the inventory)",
                          "on_grid": covered.contains(iso3)])
        }
        for iso3 in byCountry.keys.sorted() where !seen.contains(iso3) {
            notes.append(["year": year, "iso3": iso3, "reason": "no consumption account in \(path) for \(year): the consumption and transfer layers have nothing for it"])
        }
        guard !seen.isEmpty else { throw HolomapError.malformedInput(file: path, place: "", reason: "no consumption values for year \(year)") }
        return (out, notes)
    }

    /// Σ p[range] with four running sums (a fixed order, so runs agree), which lets the loop
    /// vectorise instead of waiting on one addition chain.
    @inline(__always) static func sum(_ p: UnsafeMutablePointer<Double>, _ range: Range<Int>) -> Double {
        var a = 0.0, b = 0.0, c = 0.0, e = 0.0
        var i = range.lowerBound
        while i &+ 4 <= range.upperBound { a += p[i]; b += p[i &+ 1]; c += p[i &+ 2]; e += p[i &+ 3]; i &+= 4 }
        while i < range.upperBound { a += p[i]; i &+= 1 }
        return (a + b) + (c + e)
    }

    func cogName(_ year: Int) -> String { config.years.count == 1 ? "production.tif" : "production-\(year).tif" }

    /// Every layer of every year is made and written band by band of 512 rows (one COG tile row):
    /// the gridding fills Float64 bands of all layers at once, which go to the COG, the NetCDF
    /// (mass and flux) and the conservation ledger. Memory holds one band of rows per layer,
    /// whatever the grid; tiles, which need whole layers, are made afterwards one layer at a time.
    func write(_ results: [GriddingResult], grid: Grid, coverages: [SparseCoverage], cellAreas: CellAreaTable) throws -> Written {
        let years = config.years
        let width = grid.width
        let metadataBase = [("holomap_product", "production"), ("holomap_gwp", config.gwp.set), ("holomap_unit", "t CO2e per cell per year")]
        let allSectors = Set(results.flatMap(\.sectors))
        let sectors = allSectors.filter { !Self.isConsumptionSide($0) }.sorted()
        var layers = sectors.map { Layer(code: $0, name: Sectors.byCode[$0]?.name ?? $0) }
        layers.append(Layer(code: "total", name: "All sectors"))
        let totalIndex = layers.count - 1
        let consumptionLayers = allSectors.contains(Self.consumptionSector)
        if consumptionLayers {
            layers.append(Layer(code: "consumption", name: "Consumption-based CO2, where the consumers live"))
            layers.append(Layer(code: "transfer", name: "Net CO2 transfer through trade (consumption − territorial)"))
        }
        let massInfo = layers.map { layer -> BandInfo in
            switch layer.code {
            case "consumption": return BandInfo(name: layer.code, longName: "\(layer.name), t CO2 per cell per year", units: "t")
            case "transfer": return BandInfo(name: layer.code, longName: "\(layer.name), t CO2 per cell per year; positive: net imported", units: "t")
            default: return BandInfo(name: layer.code, longName: "\(layer.name): emissions, t CO2e (\(config.gwp.set)) per cell per year", units: "t")
            }
        }
        let hasCO2 = results.contains { $0.keys.contains { $0.gas == "CO2" && !Self.isConsumptionSide($0.sector) } }
        var ncInfo: [BandInfo] = [], cellMethods: [String] = []
        for (layer, info) in zip(layers, massInfo) {
            let variable = CFNetCDFExporter.variableName(layer.code.replacingOccurrences(of: ".", with: "_"))
            var mass = info
            mass.name = "mass_\(variable)"
            ncInfo.append(mass); cellMethods.append("time: sum")
            ncInfo.append(BandInfo(name: "flux_\(variable)", longName: "\(layer.name): emission flux, CO2e (\(config.gwp.set))", units: "kg m-2 s-1"))
            cellMethods.append("time: mean")
        }
        if hasCO2 {
            ncInfo.append(BandInfo(name: "flux_total_co2", longName: "All sectors: CO2 emission flux", units: "kg m-2 s-1",
                                   standardName: "tendency_of_atmosphere_mass_content_of_carbon_dioxide_due_to_emission"))
            cellMethods.append("time: mean")
        }
        let folder = URL(fileURLWithPath: outputFolder)
        let sortedCoverages = coverages.sorted { $0.code < $1.code }
        let countryCodes = sortedCoverages.enumerated().map { (Int32($0.offset + 1), $0.element.code) }
        let staged = StagedOutputs(folder: folder)
        defer { staged.discard() }

        let nc = try formats.contains(.netcdf) ? CFNetCDFStream(
            path: staged.temporary("holomap.nc"), grid: grid, years: years, bands: ncInfo, cellMethods: cellMethods,
            categories: [("country_id", "country covering most of the cell (ISO 3166-1 alpha-3 in flag_meanings)", countryCodes.map { ($0.0, $0.1) }, 0)],
            title: "holomap production-side emissions \(years.map(String.init).joined(separator: ", "))",
            metadata: metadataBase + [("holomap_years", years.map(String.init).joined(separator: " "))], cellAreas: cellAreas) : nil
        // The majority-country layer is a COG of its own (UInt16 ids; the names are in its
        // metadata and in the manifest), beside the NetCDF variable.
        let countryCOG = try formats.contains(.cog) ? COGStreamWriter(
            path: staged.temporary("country.tif"), grid: grid,
            bands: [BandInfo(name: "country_id", longName: "country covering most of the cell (0: none)", units: "1")],
            metadata: [("holomap_product", "majority country"), ("holomap_country_codes", countryCodes.map { "\($0.0)=\($0.1)" }.joined(separator: " "))],
            sampleType: .uint16, resampling: .nearest) : nil

        let band = COGStreamWriter.blockSize
        let stripCells = min(band, grid.height) * width
        let channels = layers.count + (nc != nil && hasCO2 ? 1 : 0)
        // Whole Float32 rows per channel for the NetCDF (the COG takes its rows in place), the
        // flux, and the majority-country scratch, reused for every strip and year.
        let floats = nc == nil ? [] : (0..<channels).map { _ in UnsafeMutableBufferPointer<Float>.allocate(capacity: stripCells) }
        let flux = UnsafeMutableBufferPointer<Float>.allocate(capacity: stripCells)
        let best = UnsafeMutableBufferPointer<Float>.allocate(capacity: stripCells)
        let ids = UnsafeMutableBufferPointer<Int32>.allocate(capacity: stripCells)
        defer { floats.forEach { $0.deallocate() }; flux.deallocate(); best.deallocate(); ids.deallocate() }

        // Tile columns of each strip that any country reaches: the rest (oceans) is never filled,
        // converted or compressed when only the COG reads it.
        let tilesAcross = (width + band - 1) / band
        var occupancy = [[Bool]](repeating: [Bool](repeating: false, count: tilesAcross), count: (grid.height + band - 1) / band)
        for coverage in sortedCoverages {
            for span in coverage.spans {
                for c in (Int(span.start) / band)...((Int(span.start) + Int(span.count) - 1) / band) { occupancy[Int(span.row) / band][c] = true }
            }
        }
        var allTotals: [[TotalRow]] = []
        var maxError = 0.0
        var outputs: [String] = []
        let progressBar = ProgressBar(label: "build: writing", total: years.count * ((grid.height + band - 1) / band),
                                      draw: drawProgressBar, report: progress)
        for (t, year) in years.enumerated() {
            let result = results[t]
            let layerIndex = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($0.element.code, $0.offset) })
            let co2Channel = channels > layers.count ? layers.count : nil
            // The total is not filled: it is the sum of the sector layers, made when converting.
            // Consumption items go to consumption and transfer, territorial ones to transfer.
            let layersOf: (LayerKey) -> [Int] = { key in
                if key.sector == Self.consumptionSector { return [layerIndex["consumption"]!, layerIndex["transfer"]!] }
                if key.sector.hasPrefix(Self.territorialPrefix) { return [layerIndex["transfer"]!] }
                var out = [layerIndex[key.sector]!]
                if let co2Channel, key.gas == "CO2" { out.append(co2Channel) }
                return out
            }
            let cog = try formats.contains(.cog) ? COGStreamWriter(
                path: staged.temporary(cogName(year)), grid: grid, bands: massInfo, metadata: metadataBase + [("holomap_year", "\(year)")]) : nil
            var ledger = result.emptyLedger()
            var layerSums = [Double](repeating: 0, count: channels)
            var row = 0
            while row < grid.height {
                let rows = row..<min(grid.height, row + band)
                let cells = rows.count * width
                let occupied = occupancy[rows.lowerBound / band]
                // The NetCDF takes whole rows; the COG only the occupied tile columns.
                let columns = nc != nil ? [0..<width] : occupied.indices.filter { occupied[$0] }.map { ($0 * band)..<min(width, ($0 + 1) * band) }
                // Each chunk of rows is converted to Float32 (into the COG's strip, and whole rows
                // for the NetCDF) by the work item that filled it, while it is still in cache.
                let cogRows = cog?.nextRows(rows.count).map { UnsafeBox($0) }
                let ncRows = nc != nil ? floats.map { UnsafeBox($0) } : nil
                let layerCount = layers.count
                let (part, chunkSums) = result.fillChunks(rows: rows, layerCount: channels, layersOf: layersOf, columns: columns) { chunk, buffers -> [Double] in
                    let offset = (chunk.lowerBound - rows.lowerBound) * width
                    var sums = [Double](repeating: 0, count: channels)
                    let d = buffers.map { $0.baseAddress! }
                    let total = d[totalIndex]
                    for r in 0..<chunk.count {
                        for range in columns {
                            let cells = (r * width + range.lowerBound)..<(r * width + range.upperBound)
                            // total = Σ sector layers, cell by cell in layer order (Float64).
                            for k in 0..<totalIndex {
                                let dk = d[k]
                                for i in cells { total[i] += dk[i] }
                                sums[k] += Self.sum(dk, cells)
                            }
                            for k in 0..<channels {
                                let dk = d[k]
                                if k >= totalIndex { sums[k] += Self.sum(dk, cells) }
                                if k < layerCount, let cogRows {
                                    let out = cogRows[k].pointer.baseAddress! + offset
                                    for i in cells { out[i] = Float(dk[i]) }
                                }
                                if let ncRows {
                                    let out = ncRows[k].pointer.baseAddress! + offset
                                    for i in cells { out[i] = Float(dk[i]) }
                                }
                            }
                        }
                    }
                    return sums
                }
                ledger.add(part)
                for sums in chunkSums { for k in 0..<channels { layerSums[k] += sums[k] } }
                try cog?.commitRows(rows.count, occupied: nc != nil ? nil : occupied)
                if let nc {
                    let seconds = Double(isLeap(year) ? 366 : 365) * 86_400
                    for k in 0..<channels {
                        if k < layers.count {
                            try nc.write(band: 2 * k, time: t, firstRow: rows.lowerBound, rowCount: rows.count, data: UnsafeBufferPointer(rebasing: floats[k][0..<cells]))
                        }
                        // kg m-2 s-1 from t per cell per year.
                        for r in rows {
                            let offset = (r - rows.lowerBound) * width
                            for c in 0..<width {
                                let area = cellAreas.area(row: r, cell: r * width + c)
                                flux[offset + c] = area > 0 ? Float(Double(floats[k][offset + c]) * 1000 / area / seconds) : 0
                            }
                        }
                        try nc.write(band: k < layers.count ? 2 * k + 1 : 2 * layers.count, time: t, firstRow: rows.lowerBound, rowCount: rows.count,
                                     data: UnsafeBufferPointer(rebasing: flux[0..<cells]))
                    }
                }
                if t == 0, nc != nil || countryCOG != nil {
                    // Ids straight into the country COG's strip (and Int32 ids for the NetCDF).
                    let target = countryCOG?.nextRows(rows.count)[0]
                    majorityCountry(sortedCoverages, rows: rows, width: width, best: best, ids: nc != nil ? ids : nil, cog: target, columns: columns)
                    try nc?.writeCategory(0, firstRow: rows.lowerBound, rowCount: rows.count, values: UnsafeBufferPointer(rebasing: ids[0..<cells]))
                    try countryCOG?.commitRows(rows.count, occupied: nc != nil ? nil : occupied)
                }
                row = rows.upperBound
                progressBar.advance()
            }
            // Conservation is checked, not assumed: a violation stops the run and every staged
            // output is removed.
            let totals = result.totals(ledger)
            for r in totals {
                let error = abs(r.gridded - r.input) / max(abs(r.input), .leastNormalMagnitude)
                maxError = max(maxError, r.input == 0 ? abs(r.gridded) : error)
                guard error <= 1e-9 || r.input == 0 else {
                    throw HolomapError.invalidArgument("internal: conservation violated for \(r.iso3) \(r.sector) \(r.gas) \(year): input \(r.input), gridded \(r.gridded)")
                }
            }
            for (k, layer) in layers.enumerated() {
                let input = totals.filter { layer.includes(LayerKey(sector: $0.sector, gas: $0.gas)) }.reduce(0) { $0 + $1.input }
                guard abs(layerSums[k] - input) <= 1e-9 * max(abs(input), 1) else {
                    throw HolomapError.invalidArgument("internal: layer \(layer.code) \(year) sums to \(layerSums[k]), inputs to \(input)")
                }
            }
            allTotals.append(totals)
            if let cog { try cog.finish(); outputs.append(cogName(year)) }
        }
        progressBar.finish()
        if let countryCOG { try countryCOG.finish(); outputs.append("country.tif") }
        if let nc { try nc.close(); outputs.append("holomap.nc") }
        try staged.commit(overwrite: overwrite)

        var tileScale: TileExporter.Scale? = nil
        if formats.contains(.tiles) {
            tileScale = try writeTiles(results, layers: layers, grid: grid, cellAreas: cellAreas)
            outputs.append("tiles")
        }
        return Written(totals: allTotals, maxRelativeError: maxError, tileScale: tileScale, outputs: outputs, countryCodes: countryCodes)
    }

    /// Tiles need whole layers: each is summed over the grid into one reused Float64 buffer.
    /// One colour scale serves every layer and year (from the totals), so colours compare.
    func writeTiles(_ results: [GriddingResult], layers: [Layer], grid: Grid, cellAreas: CellAreaTable) throws -> TileExporter.Scale {
        let folder = URL(fileURLWithPath: outputFolder).appendingPathComponent("tiles")
        let zoom = maxZoom ?? min(6, TileExporter.nativeZoom(grid))
        let centres = !grid.crs.isGeographic ? try TileExporter.cellCentres(grid) : nil
        var values = [Double](repeating: 0, count: grid.cellCount)
        var scale: TileExporter.Scale? = nil
        var bounds: (Double, Double, Double, Double)? = nil
        for result in results {
            result.sum(into: &values) { !Self.isConsumptionSide($0.sector) }
            let s = TileExporter.scale(for: values, grid: grid, cellAreas: cellAreas)
            scale = scale.map { TileExporter.Scale(log10Min: min($0.log10Min, s.log10Min), log10Max: max($0.log10Max, s.log10Max)) } ?? s
            if countries != nil || !grid.crs.isGeographic, let b = dataBounds(values, grid: grid, centres: centres) {
                bounds = bounds.map { (min($0.0, b.0), min($0.1, b.1), max($0.2, b.2), max($0.3, b.3)) } ?? b
            }
        }
        var names: [String] = []
        for (t, result) in results.enumerated() {
            for layer in layers {
                let name = config.years.count == 1 ? layer.code : "\(layer.code)-\(config.years[t])"
                progress("build: tiles \(name)")
                result.sum(into: &values) { layer.includes($0) }
                try TileExporter.write(layer: values, grid: grid, name: name, folder: folder, maxZoom: zoom, scale: scale!,
                                       centres: centres, signed: layer.code == "transfer", progress: progress)
                names.append(name)
            }
        }
        try TileExporter.writeLegend(to: folder.appendingPathComponent("legend.png").path)
        if layers.contains(where: { $0.code == "transfer" }) {
            try TileExporter.writeLegend(to: folder.appendingPathComponent("legend-transfer.png").path, signed: true)
        }
        try TileExporter.writeViewer(folder: folder, layers: names, maxZoom: zoom, scale: scale!,
                                     title: "holomap \(config.years.map(String.init).joined(separator: ", ")): production-side emissions (\(config.gwp.set))\(layers.contains { $0.code == "consumption" } ? ", consumption and transfers (CO2)" : "")", bounds: bounds)
        return scale!
    }

    /// (south, west, north, east) of the cells with emissions, in degrees.
    func dataBounds(_ values: [Double], grid: Grid, centres: (lon: [Float], lat: [Float])?) -> (Double, Double, Double, Double)? {
        var south = 90.0, west = 180.0, north = -90.0, east = -180.0
        for i in values.indices where values[i] != 0 {
            let lon: Double, lat: Double
            if let centres { lon = Double(centres.lon[i]); lat = Double(centres.lat[i]) } else {
                lon = grid.x(ofColumn: Double(i % grid.width) + 0.5); lat = grid.y(ofRow: Double(i / grid.width) + 0.5)
            }
            south = min(south, lat); north = max(north, lat); west = min(west, lon); east = max(east, lon)
        }
        return south <= north ? (south, west, north, east) : nil
    }

    /// For each cell of `rows`, the country covering most of it (1-based index into the sorted
    /// codes; 0: none), as Int32 `ids` and/or Float32 `cog` values, with its fraction in `best`.
    /// Bands of rows in parallel (each cell is decided by its own row), countries in code order.
    func majorityCountry(_ sorted: [SparseCoverage], rows: Range<Int>, width: Int, best: UnsafeMutableBufferPointer<Float>,
                         ids: UnsafeMutableBufferPointer<Int32>?, cog: UnsafeMutableBufferPointer<Float>?, columns: [Range<Int>]) {
        let step = 16
        let bestBox = UnsafeBox(best), idBox = ids.map(UnsafeBox.init), cogBox = cog.map(UnsafeBox.init)
        _ = Parallel.map((rows.count + step - 1) / step) { k -> Bool in
            let band = (rows.lowerBound + k * step)..<min(rows.upperBound, rows.lowerBound + (k + 1) * step)
            let b = bestBox.pointer.baseAddress!, id = idBox?.pointer.baseAddress, out = cogBox?.pointer.baseAddress
            for r in band {
                let o = (r - rows.lowerBound) * width
                for c in columns {
                    (b + o + c.lowerBound).update(repeating: 0, count: c.count)
                    id.map { ($0 + o + c.lowerBound).update(repeating: 0, count: c.count) }
                    out.map { ($0 + o + c.lowerBound).update(repeating: 0, count: c.count) }
                }
            }
            for (n, coverage) in sorted.enumerated() {
                guard let first = coverage.spans.first, let last = coverage.spans.last,
                      Int(first.row) < band.upperBound, Int(last.row) >= band.lowerBound else { continue }
                var s = coverage.firstSpan(atOrAfter: band.lowerBound)
                while s < coverage.spans.count, Int(coverage.spans[s].row) < band.upperBound {
                    let span = coverage.spans[s]
                    let base = (Int(span.row) - rows.lowerBound) * width + Int(span.start)
                    for c in 0..<Int(span.count) {
                        let f = Float(span.isFull ? 1 : coverage.values[Int(span.valueOffset) + c])
                        if f > b[base + c] {
                            b[base + c] = f
                            id?[base + c] = Int32(n + 1)
                            out?[base + c] = Float(n + 1)
                        }
                    }
                    s += 1
                }
            }
            return true
        }
    }

    func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    func writeManifest(_ results: [GriddingResult], grid: Grid, inputs: [(role: String, path: String, sha256: String)],
                       skipped: SkipReport, written: Written, consumption: [[String: Any]], composites: [[String: Any]]) throws {
        let years = config.years
        var totals: [[String: Any]] = []
        func row(_ year: Int, _ iso3: String, _ sector: String, _ gas: String, _ input: Double, _ gridded: Double) -> [String: Any] {
            ["year": year, "iso3": iso3, "sector": sector, "gas": gas, "input": input, "gridded": gridded]
        }
        for (t, year) in years.enumerated() {
            // Production rows only; the consumption side has its own section (and is checked the same way).
            let byCountry = Dictionary(grouping: written.totals[t].filter { !Self.isConsumptionSide($0.sector) }, by: \.iso3)
            for iso3 in byCountry.keys.sorted() {
                let rows = byCountry[iso3]!.sorted { ($0.sector, $0.gas) < ($1.sector, $1.gas) }
                for r in rows { totals.append(row(year, r.iso3, r.sector, r.gas, r.input, r.gridded)) }
                for gas in Set(rows.map(\.gas)).sorted() {
                    let g = rows.filter { $0.gas == gas }
                    totals.append(row(year, iso3, "total", gas, g.reduce(0) { $0 + $1.input }, g.reduce(0) { $0 + $1.gridded }))
                }
                totals.append(row(year, iso3, "total", "all", rows.reduce(0) { $0 + $1.input }, rows.reduce(0) { $0 + $1.gridded }))
            }
        }
        var fallbacks: [[String: Any]] = [], unallocated: [[String: Any]] = []
        var fallbackCounts: [String: Int] = [:]
        for (t, year) in years.enumerated() {
            for f in results[t].fallbacks where !f.sector.hasPrefix(Self.territorialPrefix) {
                fallbacks.append(["year": year, "iso3": f.iso3, "sector": f.sector, "gas": f.gas, "from": f.from, "to": f.to, "reason": f.reason])
                fallbackCounts["\(f.from)->\(f.to)", default: 0] += 1
            }
            for u in results[t].unallocated {
                unallocated.append(["year": year, "iso3": u.iso3, "sector": u.sector, "gas": u.gas, "value": u.value, "reason": u.reason])
            }
        }
        var manifest: [String: Any] = [
            "holomap": HolomapVersion.string,
            "libraries": ["gdal": GDALEnvironment.gdalVersion, "proj": GDALEnvironment.projVersion,
                          "netcdf": GDALEnvironment.netCDFVersion, "libpng": GDALEnvironment.pngVersion, "zstd": ZstdCompressor.version],
            "year": config.year,
            "years": years,
            "grid": ["name": grid.name, "crs": grid.crs.definition, "width": grid.width, "height": grid.height,
                     "geotransform": grid.transform.gdalCoefficients],
            "gwp": config.gwp.set,
            "unit": "t CO2e per year",
            "inputs": inputs.map { ["role": $0.role, "path": $0.path, "sha256": $0.sha256] },
            "outputs": written.outputs,
            "country_ids": Dictionary(uniqueKeysWithValues: written.countryCodes.map { ("\($0.0)", $0.1) }),
            "fallbacks": fallbacks,
            "composites": composites,
            "fallback_counts": fallbackCounts,
            "unallocated": unallocated,
            "skipped_rows": skipped.counts,
            "totals": totals,
        ]
        if !consumption.isEmpty {
            // Per country: the published accounts (t CO2), and what the layers hold.
            var gridded: [String: (Double, Double)] = [:]
            for (t, year) in years.enumerated() {
                for r in written.totals[t] where Self.isConsumptionSide(r.sector) {
                    let key = "\(year)/\(r.iso3)"
                    var g = gridded[key] ?? (0, 0)
                    if r.sector == Self.consumptionSector { g.0 += r.gridded }
                    g.1 += r.gridded
                    gridded[key] = g
                }
            }
            manifest["consumption"] = consumption.map { note -> [String: Any] in
                var note = note
                if note["reason"] == nil, let g = gridded["\(note["year"]!)/\(note["iso3"]!)"] { note["consumption_gridded"] = g.0; note["transfer_gridded"] = g.1 }
                return note
            }
            manifest["consumption_source"] = ["path": config.consumption!.path, "source": config.consumption!.source, "weight": config.consumption!.weight ?? "population",
                                              "unit": "t CO2 per year", "transfer": "consumption − territorial (positive: net imported)"]
        }
        if let tileScale = written.tileScale {
            manifest["tiles"] = ["log10_density_min": tileScale.log10Min, "log10_density_max": tileScale.log10Max,
                                 "density_unit": "t CO2e km-2 yr-1", "colour_map": "cubehelix (start 0.5, rotations -1.5, hue 1), 0.15–1"]
        }
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        let path = URL(fileURLWithPath: outputFolder).appendingPathComponent("manifest.json").path
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: temporary))
        }
    }

    /// Checksum of the file on disk; for GDAL virtual paths, of the archive that holds the data.
    static func sha256(of path: String) throws -> String {
        var path = path
        if path.hasPrefix("/vsigzip/") { path = String(path.dropFirst("/vsigzip/".count)) }
        if path.hasPrefix("/vsizip/") {
            path = String(path.dropFirst("/vsizip/".count))
            if let range = path.range(of: ".zip/") { path = String(path[..<range.lowerBound]) + ".zip" }
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw HolomapError.missingFile(path: path) }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(chunk) }
        return hash.finalize()
    }
}
