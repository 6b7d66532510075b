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
        if config.boundaries == "dcw", config.idField != nil {
            throw InputError.malformedInput(file: job.configPath, place: "key id_field", reason: "id_field applies to vector boundaries, not to dcw (DCW-GMT is keyed by ISO code)")
        }
        var files: [(role: String, path: String)] = [("inventory", config.inventory.path), ("gwp", config.gwp.table)]
        files.append(("boundaries", config.boundaries == "dcw" ? BoundaryLoader.dcwPath : config.boundaries))
        if let path = config.proxies.population { files.append(("population", path)) }
        if let path = config.proxies.income { files.append(("income", path)) }
        if let path = config.consumption?.path { files.append(("consumption", path)) }
        if let path = config.proxies.powerPlants, let factors = config.proxies.fuelFactors { files += [("power_plants", path), ("fuel_factors", factors)] }
        if let path = config.proxies.powerGeneration { files.append(("power_generation", path)) }
        for (role, path) in [("shipping_lanes", config.proxies.shippingLanes), ("airports", config.proxies.airports), ("bunker_split", config.proxies.bunkerSplit)] {
            if let path { files.append((role, path)) }
        }
        for file in files { try Checksum.checkReadable(file.path) }
        // The proxy rasters are opened (header only) so a file that is not a raster fails now,
        // not after the coverage step.
        for file in files where file.role == "population" || file.role == "income" { _ = try GDALRaster(opening: file.path) }
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
