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
        enum CodingKeys: String, CodingKey { case population, powerPlants = "power_plants", fuelFactors = "fuel_factors" }
    }
    public var year: Int
    public var grid: String
    public var boundaries: String
    public var idField: String?
    public var inventory: InventorySpec
    public var gwp: GWPSpec
    public var proxies: ProxySpec
    public var sectors: [String: [String]]?
    public var formats: [String]?
    enum CodingKeys: String, CodingKey { case year, grid, boundaries, idField = "id_field", inventory, gwp, proxies, sectors, formats }

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
        if formats.contains(.cog) { paths.append("production.tif") }
        if formats.contains(.netcdf) { paths.append("holomap.nc") }
        if formats.contains(.tiles) { paths.append("tiles") }
        paths.append("manifest.json")
        return paths.map { URL(fileURLWithPath: outputFolder).appendingPathComponent($0).path }
    }

    @discardableResult
    public func run() throws -> Summary {
        let fm = FileManager.default
        for path in outputPaths where !overwrite && fm.fileExists(atPath: path) { throw HolomapError.outputExists(path: path) }
        let year = config.year
        let grid = try GridLoader.load(config.grid)
        let source = try BoundaryLoader.open(config.boundaries, idField: config.idField)
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

        progress("build: reading \(config.inventory.path)")
        let inventoryText = try TextFile.read(config.inventory.path)
        let records = try format.parse(inventoryText, file: config.inventory.path, years: [year], names: codeTable.alpha3ByName)
        var validator = InventoryValidator(knownCountries: Set(codeTable.nameByAlpha3.keys).union(source.codes), gwp: gwp, skipInvalid: skipInvalid)
        var emissions = try validator.convert(records, file: config.inventory.path)
        if let countries {
            let wanted = Set(countries)
            try source.checkCodes(countries)
            emissions = emissions.filter { wanted.contains($0.iso3) }
        }
        guard !emissions.isEmpty else {
            throw HolomapError.malformedInput(file: config.inventory.path, place: "", reason: "no values for year \(year)\(countries.map { " and countries \($0.joined(separator: ","))" } ?? "")")
        }

        let available = Set(source.codes)
        let codes = Set(emissions.map(\.iso3)).filter { available.contains($0) }.sorted()
        progress("build: \(emissions.count) inventory values, \(codes.count) countries, grid \(grid.name) (\(grid.width)×\(grid.height))")
        let coverageList = try CoverageJob.coverages(codes, from: source, on: grid, progress: progress).coverages
        var coverages: [String: SparseCoverage] = [:]
        for c in coverageList { coverages[c.code] = c }

        let cellAreas = try CellAreas.table(grid)
        var inputs: [(role: String, path: String)] = [("inventory", config.inventory.path), ("gwp", config.gwp.table)]
        if config.boundaries == "dcw" { inputs.append(("boundaries", BoundaryLoader.dcwPath)) } else { inputs.append(("boundaries", config.boundaries)) }
        var population: [Float]? = nil
        if let path = config.proxies.population {
            progress("build: population proxy \(path)")
            population = try ProxyLoader.population(path, onto: grid, cellAreas: cellAreas).map(Float.init)
            inputs.append(("population", path))
        }
        var plants: [String: [(cell: Int, weight: Double)]] = [:]
        if let path = config.proxies.powerPlants {
            guard let factorsPath = config.proxies.fuelFactors else {
                throw HolomapError.malformedInput(file: configPath, place: "proxies", reason: "power_plants needs fuel_factors")
            }
            plants = try ProxyLoader.powerPlants(path, factors: try FuelFactors.load(factorsPath), onto: grid)
            inputs += [("power_plants", path), ("fuel_factors", factorsPath)]
        }

        progress("build: gridding")
        let result = GriddingEngine.grid(emissions, coverages: coverages,
                                         proxies: ProxySet(population: population, pointSources: plants, cellAreas: cellAreas),
                                         grid: grid, sectorProxies: sectorProxies)
        // Conservation is checked, not assumed: a violation stops the run before any output.
        var maxError = 0.0
        for row in result.totals {
            let error = abs(row.gridded - row.input) / max(abs(row.input), .leastNormalMagnitude)
            maxError = max(maxError, row.input == 0 ? abs(row.gridded) : error)
            guard error <= 1e-9 || row.input == 0 else {
                throw HolomapError.invalidArgument("internal: conservation violated for \(row.iso3) \(row.sector) \(row.gas): input \(row.input), gridded \(row.gridded)")
            }
        }

        try fm.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        var tileScale: TileExporter.Scale? = nil
        let outputs = try write(result, grid: grid, coverages: coverageList, cellAreas: cellAreas, gwp: gwp, tileScale: &tileScale)
        try writeManifest(result, grid: grid, inputs: inputs, gwp: gwp, skipped: validator.skipped, outputs: outputs, tileScale: tileScale)
        return Summary(countries: codes.count, records: emissions.count, maxRelativeError: maxError, outputs: outputPaths)
    }

    /// Layers are made and written one at a time (a Float64 sum, its Float32 band, its flux), so
    /// memory holds about one layer, whatever the number of sectors.
    func write(_ result: GriddingResult, grid: Grid, coverages: [SparseCoverage], cellAreas: CellAreaTable, gwp: GWPSet,
               tileScale: inout TileExporter.Scale?) throws -> [String] {
        let n = grid.cellCount
        let metadata = [("holomap_product", "production"), ("holomap_year", "\(config.year)"), ("holomap_gwp", config.gwp.set),
                        ("holomap_unit", "t CO2e per cell per year")]
        struct Layer { var code: String; var name: String; var include: (LayerKey) -> Bool }
        var layers = result.sectors.map { sector in Layer(code: sector, name: Sectors.byCode[sector]?.name ?? sector, include: { $0.sector == sector }) }
        layers.append(Layer(code: "total", name: "All sectors", include: { _ in true }))
        let massInfo = layers.map {
            BandInfo(name: $0.code, longName: "\($0.name): emissions, t CO2e (\(config.gwp.set)) per cell per year", units: "t")
        }
        let hasCO2 = result.gases.contains("CO2")
        var ncInfo: [BandInfo] = []
        for (layer, info) in zip(layers, massInfo) {
            let variable = CFNetCDFExporter.variableName(layer.code.replacingOccurrences(of: ".", with: "_"))
            var mass = info
            mass.name = "mass_\(variable)"
            ncInfo.append(mass)
            ncInfo.append(BandInfo(name: "flux_\(variable)", longName: "\(layer.name): emission flux, CO2e (\(config.gwp.set))", units: "kg m-2 s-1"))
        }
        if hasCO2 {
            ncInfo.append(BandInfo(name: "flux_total_co2", longName: "All sectors: CO2 emission flux", units: "kg m-2 s-1",
                                   standardName: "tendency_of_atmosphere_mass_content_of_carbon_dioxide_due_to_emission"))
        }
        let folder = URL(fileURLWithPath: outputFolder)
        let cogPath = folder.appendingPathComponent("production.tif").path
        let ncPath = folder.appendingPathComponent("holomap.nc").path
        let seconds = Double(isLeap(config.year) ? 366 : 365) * 86_400
        func flux(_ values: [Double]) -> FloatBuffer {
            let out = FloatBuffer(count: n)
            for r in 0..<grid.height {
                let areas = cellAreas.rows(r..<(r + 1), width: grid.width)
                for c in 0..<grid.width where areas[c] > 0 { out[r * grid.width + c] = Float(values[r * grid.width + c] * 1000 / areas[c] / seconds) }
            }
            return out
        }
        let zoom = maxZoom ?? min(6, TileExporter.nativeZoom(grid))
        let tilesFolder = folder.appendingPathComponent("tiles")
        let centres = formats.contains(.tiles) && !grid.crs.isGeographic ? try TileExporter.cellCentres(grid) : nil
        var bounds: (Double, Double, Double, Double)? = nil
        if formats.contains(.tiles) {
            // One pass over the total gives the colour scale every layer shares and, for national
            // builds, where the viewer opens.
            let total = result.totalLayer(cellCount: n)
            tileScale = TileExporter.scale(for: total, grid: grid, cellAreas: cellAreas)
            if countries != nil || !grid.crs.isGeographic { bounds = dataBounds(total, grid: grid, centres: centres) }
        }
        // Only the NetCDF carries the majority-country layer; skip its two dense grids otherwise.
        let country = formats.contains(.netcdf) ? majorityCountry(coverages, grid: grid)
            : CategoryLayer(name: "country_id", longName: "", values: [], categories: [], fill: 0)

        // Outputs are staged under temporary names and renamed when everything is written.
        let cog = formats.contains(.cog)
            ? try StagedCOGWriter(stagingPath: folder.appendingPathComponent(".production.\(ProcessInfo.processInfo.processIdentifier).staging.tif").path,
                                  grid: grid, bandCount: layers.count, metadata: metadata) : nil
        func body(_ ncTemporary: String?) throws {
            let nc = try ncTemporary.map {
                try CFNetCDFStream(path: $0, grid: grid, bands: ncInfo,
                                   categories: [(country.name, country.longName, country.categories, country.fill)],
                                   title: "holomap production-side emissions \(config.year)", metadata: metadata, cellAreas: cellAreas)
            }
            // One Float64 and one Float32 buffer serve every layer: fresh gigabyte-sized arrays
            // per layer cost more in page faults than zeroing.
            var values = [Double](repeating: 0, count: n)
            let band = FloatBuffer(count: n)
            for (k, layer) in layers.enumerated() {
                progress("build: layer \(layer.code)")
                result.sum(into: &values, where: layer.include)
                values.withUnsafeBufferPointer { v in for i in 0..<n { band.pointer[i] = Float(v[i]) } }
                try cog?.setBand(k, info: massInfo[k], data: band)
                try nc?.write(band: 2 * k, data: band)
                if nc != nil { try nc?.write(band: 2 * k + 1, data: flux(values)) }
                if formats.contains(.tiles), let scale = tileScale {
                    try TileExporter.write(layer: values, grid: grid, name: layer.code, folder: tilesFolder, maxZoom: zoom, scale: scale,
                                           centres: centres, progress: progress)
                }
            }
            if let nc {
                if hasCO2 {
                    result.sum(into: &values) { $0.gas == "CO2" }
                    try nc.write(band: 2 * layers.count, data: flux(values))
                }
                try nc.writeCategory(0, values: country.values)
                try nc.close()
            }
        }
        if formats.contains(.netcdf) {
            progress("build: writing \(ncPath)")
            try AtomicFile.write(to: ncPath, overwrite: overwrite) { try body($0) }
        } else {
            try body(nil)
        }
        var written: [String] = []
        if let cog {
            progress("build: writing \(cogPath)")
            try AtomicFile.write(to: cogPath, overwrite: overwrite) { try cog.finish(to: $0, options: COGExporter.options(compression: .zstd, level: 3)) }
            written.append(cogPath)
        }
        if formats.contains(.netcdf) { written.append(ncPath) }
        if formats.contains(.tiles), let scale = tileScale {
            try TileExporter.writeLegend(to: tilesFolder.appendingPathComponent("legend.png").path)
            try TileExporter.writeViewer(folder: tilesFolder, layers: layers.map(\.code), maxZoom: zoom, scale: scale,
                                         title: "holomap \(config.year): production-side emissions (\(config.gwp.set))", bounds: bounds)
            written.append(tilesFolder.path)
        }
        return written
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

    /// For each cell, the country covering most of it (1-based index into the sorted codes; 0: none).
    func majorityCountry(_ coverages: [SparseCoverage], grid: Grid) -> CategoryLayer {
        let sorted = coverages.sorted { $0.code < $1.code }
        var best = [Float](repeating: 0, count: grid.cellCount)
        var id = [Int32](repeating: 0, count: grid.cellCount)
        for (k, coverage) in sorted.enumerated() {
            coverage.forEachCell { r, c, f in
                let i = r * grid.width + c
                if Float(f) > best[i] { best[i] = Float(f); id[i] = Int32(k + 1) }
            }
        }
        return CategoryLayer(name: "country_id", longName: "country covering most of the cell (ISO 3166-1 alpha-3 in flag_meanings)",
                             values: id, categories: sorted.enumerated().map { (Int32($0.offset + 1), $0.element.code) }, fill: 0)
    }

    func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    func writeManifest(_ result: GriddingResult, grid: Grid, inputs: [(role: String, path: String)], gwp: GWPSet,
                       skipped: SkipReport, outputs: [String], tileScale: TileExporter.Scale?) throws {
        var totals: [[String: Any]] = []
        func row(_ iso3: String, _ sector: String, _ gas: String, _ input: Double, _ gridded: Double) -> [String: Any] {
            ["iso3": iso3, "sector": sector, "gas": gas, "input": input, "gridded": gridded]
        }
        let byCountry = Dictionary(grouping: result.totals, by: \.iso3)
        for iso3 in byCountry.keys.sorted() {
            let rows = byCountry[iso3]!.sorted { ($0.sector, $0.gas) < ($1.sector, $1.gas) }
            for r in rows { totals.append(row(r.iso3, r.sector, r.gas, r.input, r.gridded)) }
            for gas in Set(rows.map(\.gas)).sorted() {
                let g = rows.filter { $0.gas == gas }
                totals.append(row(iso3, "total", gas, g.reduce(0) { $0 + $1.input }, g.reduce(0) { $0 + $1.gridded }))
            }
            totals.append(row(iso3, "total", "all", rows.reduce(0) { $0 + $1.input }, rows.reduce(0) { $0 + $1.gridded }))
        }
        var manifest: [String: Any] = [
            "holomap": HolomapVersion.string,
            "libraries": ["gdal": GDALEnvironment.gdalVersion, "proj": GDALEnvironment.projVersion,
                          "netcdf": GDALEnvironment.netCDFVersion, "libpng": GDALEnvironment.pngVersion],
            "year": config.year,
            "grid": ["name": grid.name, "crs": grid.crs.definition, "width": grid.width, "height": grid.height,
                     "geotransform": grid.transform.gdalCoefficients],
            "gwp": config.gwp.set,
            "unit": "t CO2e per year",
            "inputs": try inputs.map { ["role": $0.role, "path": $0.path, "sha256": try sha256(of: $0.path)] },
            "outputs": outputs.map { URL(fileURLWithPath: $0).lastPathComponent },
            "fallbacks": result.fallbacks.map { ["iso3": $0.iso3, "sector": $0.sector, "gas": $0.gas, "from": $0.from, "to": $0.to, "reason": $0.reason] },
            "fallback_counts": Dictionary(grouping: result.fallbacks, by: { "\($0.from)->\($0.to)" }).mapValues(\.count),
            "unallocated": result.unallocated.map { ["iso3": $0.iso3, "sector": $0.sector, "gas": $0.gas, "value": $0.value, "reason": $0.reason] },
            "skipped_rows": skipped.counts,
            "totals": totals,
        ]
        if let tileScale {
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
    func sha256(of path: String) throws -> String {
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
