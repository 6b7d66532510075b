import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore
import HolomapExport

/// What a build reads, checked before any work starts: the grid, the code table, the GWP set,
/// every input file readable, the config's options consistent, the viewer's assets present.
struct BuildInputs {
    var grid: Grid
    var codeTable: CountryCodes
    var gwp: GWPSet
    /// The GWP values of the set the inventory's CO2e is in, when the table has it and it is not
    /// the run's: CO2e of one gas is converted with it.
    var sourceGWP: GWPSet?
    /// Input files by role, in the manifest's order.
    var files: [(role: String, path: String)]

    static func check(_ job: BuildJob) throws -> BuildInputs {
        let config = job.config
        if config.consumption?.weight == .income, config.proxies.income == nil {
            throw InputError.malformedInput(file: job.configPath, place: "key consumption.weight", reason: "income needs proxies.income (a GDP raster)")
        }
        if config.proxies.powerPlants != nil, config.proxies.fuelFactors == nil {
            throw InputError.malformedInput(file: job.configPath, place: "key proxies", reason: "power_plants needs fuel_factors")
        }
        // Settings that would otherwise be ignored without a word.
        if config.proxies.fuelFactors != nil, config.proxies.powerPlants == nil {
            throw InputError.malformedInput(file: job.configPath, place: "key proxies.fuel_factors", reason: "fuel_factors needs power_plants (it weighs the plants)")
        }
        if config.proxies.powerGeneration != nil, config.proxies.powerPlants == nil {
            throw InputError.malformedInput(file: job.configPath, place: "key proxies.power_generation", reason: "power_generation needs power_plants (it calibrates the plants)")
        }
        if config.proxies.populatedPlaces != nil, config.proxies.population == nil {
            throw InputError.malformedInput(file: job.configPath, place: "key proxies.populated_places", reason: "populated_places needs population (it refines it)")
        }
        if config.proxies.populationYear != nil, config.proxies.population == nil {
            throw InputError.malformedInput(file: job.configPath, place: "key proxies", reason: "population_year needs population (it dates it)")
        }
        if config.boundaries == "dcw", config.idField != nil {
            throw InputError.malformedInput(file: job.configPath, place: "key id_field", reason: "id_field applies to vector boundaries, not to dcw (DCW-GMT is keyed by ISO code)")
        }
        var files: [(role: String, path: String)] = [("inventory", config.inventory.path), ("gwp", config.gwp.table)]
        files.append(("boundaries", config.boundaries == "dcw" ? BoundaryLoader.dcwPath : config.boundaries))
        files += config.inventory.splits.map { ("inventory_split", $0.table) }
        if let path = config.proxies.population { files.append(("population", path)) }
        if let path = config.proxies.landCover { files.append(("land_cover", path)) }
        if let path = config.proxies.populatedPlaces { files.append(("populated_places", path)) }
        if let path = config.proxies.income { files.append(("income", path)) }
        if let path = config.consumption?.path { files.append(("consumption", path)) }
        if let path = config.proxies.powerPlants, let factors = config.proxies.fuelFactors { files += [("power_plants", path), ("fuel_factors", factors)] }
        if let path = config.proxies.powerGeneration { files.append(("power_generation", path)) }
        if let trade = config.trade { files += try tradeFiles(trade) }
        for (role, path) in [("shipping_lanes", config.proxies.shippingLanes), ("airports", config.proxies.airports), ("bunker_split", config.proxies.bunkerSplit),
                             ("ports", config.proxies.ports)] {
            if let path { files.append((role, path)) }
        }
        // The natural inputs, unless the section lets a missing one skip the natural layers.
        if let natural = config.natural, BuildNatural.skippedFor(natural) == nil { files += BuildNatural.files(natural) }
        for file in files { try Checksum.checkReadable(file.path) }
        // The proxy rasters are opened (header only) so a file that is not a raster fails now,
        // not after the coverage step.
        for file in files where ["population", "income", "land_cover"].contains(file.role) { _ = try GDALRaster(opening: file.path) }
        if job.formats.contains(.tiles) { try TileExporter.checkViewerAssets() }
        if job.formats.isEmpty { throw InputError.invalidArgument("no output format chosen (cog, netcdf, tiles)") }
        let grid = try GridLoader.load(config.grid)
        let gwp = try GWPSet.parse(try TextFile.read(config.gwp.table), column: config.gwp.set.rawValue, source: config.gwp.table)
        var sourceGWP: GWPSet? = nil
        if case .co2e(let set) = config.inventory.format.co2eBasis, set != gwp.name {
            // A table without that column leaves them unconverted, and the outputs say so.
            sourceGWP = try? GWPSet.parse(try TextFile.read(config.gwp.table), column: set, source: config.gwp.table)
        }
        return BuildInputs(grid: grid, codeTable: try CountryCodes.load(), gwp: gwp, sourceGWP: sourceGWP, files: files)
    }
}

extension BuildInputs {
    /// The files of the trade section: every file of the MRIO's folder (or the zip itself), the
    /// sector map and the satellite's files, so that the manifest's checksums cover them.
    static func tradeFiles(_ trade: BuildConfig.TradeSpec) throws -> [(role: String, path: String)] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: trade.path, isDirectory: &isFolder) else { throw InputError.missingFile(path: trade.path) }
        var files: [(role: String, path: String)] = []
        if isFolder.boolValue {
            let root = URL(fileURLWithPath: trade.path)
            let found = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])?.compactMap { $0 as? URL } ?? []
            for url in found where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files.append(("trade_mrio", root.appendingPathComponent(String(url.path.dropFirst(root.path.count + 1))).path))
            }
            files.sort { $0.path < $1.path }
        } else {
            files.append(("trade_mrio", trade.path))
        }
        files.append(("trade_sector_map", trade.sectorMap))
        if let path = trade.territorial { files.append(("trade_territorial", path)) }
        if let path = trade.sectorShares { files.append(("trade_sector_shares", path)) }
        if let path = trade.domesticTransport { files.append(("trade_domestic_transport", path)) }
        return files
    }
}
