import ArgumentParser
import Foundation
import HolomapCore
import HolomapJobs

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The map: national inventories spread by proxies onto a grid (every total conserved), with consumption, trade and natural layers.",
        discussion: "Writes production.tif, consumption.tif, natural.tif, country.tif, holomap.nc, tiles/ and manifest.json into a staging folder beside --out, which replaces --out in one step when everything is written.")

    @Option(help: "Build configuration (YAML, docs/config.md); default: grids/default-bundle/config.yaml.")
    var config: String?
    @Option(help: "Inventory year, or several separated by commas (a time axis in the NetCDF); overrides the config.")
    var year: YearList?
    @Option(help: "Grid preset or file (overrides the config).")
    var grid: String?
    @Option(help: "Inventory file (overrides the config).")
    var inventory: String?
    @Option(help: "Format of --inventory (default: generic; the default bundle's EDGAR file is edgar7).")
    var inventoryFormat: InventoryFormat?
    @Option(help: "Population raster (overrides the config).")
    var population: String?
    @Option(help: "Boundaries: dcw or a vector file (overrides the config).")
    var boundaries: String?
    @Option(help: "Id field of a vector boundary file.")
    var idField: String?
    @Option(help: "Only these countries (ISO3, comma-separated).")
    var countries: CountryList?
    @Option(help: "What to write, comma-separated: cog, netcdf, tiles (manifest.json always); overrides the config.")
    var formats: EnumList<OutputFormat>?
    @Flag(help: "Skip invalid inventory rows and report counts by kind instead of stopping.")
    var skipInvalid = false
    @Option(help: "Layer families to write, comma-separated: production, consumption, trade, natural; overrides the config's layers (default: every family the config has a section for).")
    var layers: EnumList<LayerFamily>?
    @Option(help: "Highest zoom of the XYZ tiles (default: about the grid's resolution, at most 6).")
    var maxZoom: Int?
    @Option(help: "Output folder.")
    var out: String
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let maxZoom, !(0...12).contains(maxZoom) { throw ValidationError("--max-zoom must be 0…12") }
        if inventoryFormat != nil, inventory == nil { throw ValidationError("--inventory-format needs --inventory") }
        if let layers, let problem = LayerFamily.problem(layers.values) { throw ValidationError("--layers: \(problem)") }
    }

    func run() throws {
        let configPath = try config ?? BuildConfig.defaultPath()
        var settings = try BuildConfig.load(configPath)
        if let year { settings.years = year.years }
        if let layers { settings.layers = layers.values }
        // Paths on the command line are relative to the working folder (the config's are relative
        // to the config): made absolute so the manifest can tell them apart.
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: path).standardizedFileURL.path
        }
        if let grid { settings.grid = grid.hasSuffix(".json") || grid.contains("/") ? absolute(grid) : grid }
        if let inventory { settings.inventory = .init(path: absolute(inventory), format: inventoryFormat ?? .generic) }
        if let population { settings.proxies.population = absolute(population) }
        if let boundaries { settings.boundaries = boundaries == "dcw" ? boundaries : absolute(boundaries); settings.idField = idField }
        else if let idField { settings.idField = idField }
        var job = BuildJob(config: settings, configPath: configPath, outputFolder: out, countries: countries?.codes,
                           formats: Set(formats?.values ?? settings.formats))
        job.skipInvalid = skipInvalid
        job.maxZoom = maxZoom
        job.overwrite = output.overwrite
        let view = output.progress
        job.progress = view.handler
        let summary = try job.run()
        view.show(.step("build: \(summary.records) values for \(summary.countries) countries; largest relative conservation error \(summary.maxRelativeError)"))
        for path in summary.outputs { view.show(.step("wrote \(path)")) }
    }
}
