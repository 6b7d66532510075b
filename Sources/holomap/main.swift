import ArgumentParser
import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// Progress and notes go to stderr, so stdout stays for data.
func say(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}


struct Holomap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holomap",
        abstract: "Carbon holographic map: production, consumption and natural layers on one grid.",
        subcommands: [Build.self, Coverage.self, Tiles.self, Adjust.self, MRIO.self, ReportCommand.self])

    @Flag(name: .long, help: "Print holomap's version and the linked GDAL, PROJ, netCDF and libpng versions.")
    var version = false

    func run() throws {
        if version { print(HolomapVersion.full); return }
        throw CleanExit.helpRequest(self)
    }
}

/// Options shared by every command that writes files.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Replace existing output files.")
    var overwrite = false
    @Flag(help: "No progress on stderr.")
    var quiet = false
}

/// Options shared by every command that reads boundaries onto a grid.
struct GridOptions: ParsableArguments {
    @Option(help: "Boundaries: 'dcw' (Debian gmt-dcw) or any OGR vector (GeoJSON, Shapefile, GeoPackage, /vsizip/...).")
    var boundaries = "dcw"
    @Option(help: "Id field holding ISO 3166-1 alpha-3 codes in a vector file (Natural Earth: ISO_A3).")
    var idField: String?
    @Option(help: "Grid preset name (see grids/) or a preset JSON file.")
    var grid = "global-0.1"

    func validate() throws {
        if boundaries == "dcw", idField != nil { throw ValidationError("--id-field applies to vector files, not to dcw") }
    }
}

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exact fraction of each grid cell covered by each country (exactextract's definition).")

    @OptionGroup var gridOptions: GridOptions
    @Option(help: "Comma-separated ISO 3166-1 alpha-3 codes, or 'all'.")
    var country: String
    @Option(help: "Output: .tif (COG, one Float32 band per country), .nc (CF-1.8 NetCDF) or .png (one country).")
    var out: String?
    @Option(help: "Per-country CSV: cells, covered area and geodesic polygon area (km²).")
    var summary: String?
    @Option(help: "Sparse per-cell CSV: iso3,row,col,fraction for every covered cell.")
    var cells: String?
    @Option(help: "COG compression: deflate or zstd.")
    var compression = "deflate"
    @OptionGroup var output: OutputOptions

    var countries: [String] {
        country.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.map { $0 == "ALL" ? "all" : $0 }
    }

    func validate() throws {
        guard !countries.isEmpty else { throw ValidationError("--country needs at least one ISO3 code or 'all'") }
        for code in countries where code != "all" && (code.count != 3 || !code.allSatisfy(\.isLetter)) {
            throw ValidationError("--country: '\(code)' is not an ISO 3166-1 alpha-3 code")
        }
        guard out != nil || summary != nil || cells != nil else { throw ValidationError("give --out, --summary or --cells") }
        if let out, CoverageJob.OutputFormat.of(out) == nil {
            throw ValidationError("--out \(out): unknown format (use .tif, .nc or .png)")
        }
        guard COGExporter.Compression(rawValue: compression.uppercased()) != nil else {
            throw ValidationError("--compression must be deflate or zstd")
        }
    }

    func run() throws {
        var job = CoverageJob(boundaries: gridOptions.boundaries, idField: gridOptions.idField, grid: gridOptions.grid,
                              countries: countries, output: out, summary: summary)
        job.cells = cells
        job.overwrite = output.overwrite
        job.compression = COGExporter.Compression(rawValue: compression.uppercased())!
        let quiet = output.quiet
        job.progress = { if !quiet { say($0) } }
        let result = try job.run()
        if !quiet { for note in result.notes { say("note: \(note)") } }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Production-side map: national inventories spread by proxies onto a grid, every total conserved.")

    @Option(help: "Build configuration (YAML); default: grids/default-bundle/config.yaml.")
    var config: String?
    @Option(help: "Inventory year, or several separated by commas (a time axis in the NetCDF); overrides the config.")
    var year: String?

    var yearList: [Int]? { year.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } } }
    @Option(help: "Grid preset or file (overrides the config).")
    var grid: String?
    @Option(help: "Inventory file (overrides the config).")
    var inventory: String?
    @Option(help: "Inventory format: generic, owid, edgar, edgar7, crf or cait (with --inventory; default generic).")
    var inventoryFormat: String?
    @Option(help: "Population raster (overrides the config).")
    var population: String?
    @Option(help: "Boundaries: dcw or a vector file (overrides the config).")
    var boundaries: String?
    @Option(help: "Id field of a vector boundary file.")
    var idField: String?
    @Option(help: "Only these countries (ISO3, comma-separated).")
    var countries: String?
    @Option(help: "What to write: cog,netcdf (manifest.json always).")
    var formats: String?
    @Flag(help: "Skip invalid inventory rows and report counts by kind instead of stopping.")
    var skipInvalid = false
    @Option(help: "Highest zoom of the XYZ tiles (default: about the grid's resolution, at most 6).")
    var maxZoom: Int?
    @Option(help: "Output folder.")
    var out: String
    @OptionGroup var output: OutputOptions

    var formatSet: Set<BuildJob.Format>? {
        formats.map { Set($0.split(separator: ",").compactMap { BuildJob.Format(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) }) }
    }

    func validate() throws {
        if let formats {
            for f in formats.split(separator: ",") where BuildJob.Format(rawValue: f.trimmingCharacters(in: .whitespaces).lowercased()) == nil {
                throw ValidationError("--formats: unknown format '\(f)' (use cog, netcdf, tiles)")
            }
        }
        if let inventoryFormat, InventoryFormat(rawValue: inventoryFormat) == nil {
            throw ValidationError("--inventory-format must be one of \(InventoryFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let maxZoom, !(0...12).contains(maxZoom) { throw ValidationError("--max-zoom must be 0…12") }
        if let year, yearList?.count != year.split(separator: ",").count || yearList!.contains(where: { !(1750...2100).contains($0) }) {
            throw ValidationError("--year: '\(year)' is not a year or a comma-separated list of years")
        }
        if inventoryFormat != nil, inventory == nil { throw ValidationError("--inventory-format needs --inventory") }
        if let countries {
            for code in countries.split(separator: ",") where code.count != 3 {
                throw ValidationError("--countries: '\(code)' is not an ISO 3166-1 alpha-3 code")
            }
        }
    }

    func run() throws {
        let quiet = output.quiet
        let configPath = try config ?? BuildConfig.defaultPath()
        var settings = try BuildConfig.load(configPath)
        if let yearList { settings.years = Array(Set(yearList)).sorted() }
        if let grid { settings.grid = grid }
        if let inventory { settings.inventory = .init(path: inventory, format: inventoryFormat ?? "generic") }
        if let population { settings.proxies.population = population }
        if let boundaries { settings.boundaries = boundaries; settings.idField = idField }
        else if let idField { settings.idField = idField }
        var job = BuildJob(config: settings, configPath: configPath, outputFolder: out,
                           countries: codeList(countries),
                           formats: formatSet ?? Set((settings.formats ?? ["cog", "netcdf"]).compactMap(BuildJob.Format.init(rawValue:))))
        job.skipInvalid = skipInvalid
        job.maxZoom = maxZoom
        job.overwrite = output.overwrite
        job.progress = { if !quiet { say($0) } }
        job.drawProgressBar = !quiet
        let summary = try job.run()
        if !quiet {
            say("build: \(summary.records) values for \(summary.countries) countries; largest relative conservation error \(summary.maxRelativeError)")
            for path in summary.outputs { say("wrote \(path)") }
        }
    }
}

struct Tiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "XYZ tiles of one mass-per-cell band of a lat/lon raster (conservative aggregation, log colours).")

    @Option(help: "Input raster (for example production.tif).")
    var input: String
    @Option(help: "Band description to tile (for example total).")
    var band = "total"
    @Option(help: "Highest zoom level.")
    var maxZoom = 5
    @Option(help: "Output folder; tiles go to <out>/<band>/{z}/{x}/{y}.png.")
    var out: String
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...12).contains(maxZoom) else { throw ValidationError("--max-zoom must be 0…12") }
    }

    func run() throws {
        let quiet = output.quiet
        let raster = try GDALRaster(opening: input)
        let names = try (0..<raster.bandCount).map { try raster.bandInfo($0).name }
        guard let index = names.firstIndex(of: band) else {
            throw HolomapError.malformedInput(file: input, place: "", reason: "no band '\(band)' (bands: \(names.joined(separator: ", ")))")
        }
        let folder = URL(fileURLWithPath: out)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(band).path), !output.overwrite {
            throw HolomapError.outputExists(path: folder.appendingPathComponent(band).path)
        }
        let nodata = try raster.bandInfo(index).nodata
        let values = try raster.read(band: index, rows: 0..<raster.grid.height).map { v -> Double in
            (v.isNaN || nodata.map { Float($0) == v } == true) ? 0 : Double(v)
        }
        let scale = TileExporter.scale(for: values, grid: raster.grid, cellAreas: try CellAreas.table(raster.grid))
        let centres = raster.grid.crs.isGeographic ? nil : try TileExporter.cellCentres(raster.grid)
        try TileExporter.write(layer: values, grid: raster.grid, name: band, folder: folder, maxZoom: maxZoom, scale: scale,
                               centres: centres, progress: { if !quiet { say($0) } })
        try TileExporter.writeLegend(to: folder.appendingPathComponent("legend.png").path)
        try TileExporter.writeViewer(folder: folder, layers: [band], maxZoom: maxZoom, scale: scale, title: "holomap: \(band)")
    }
}

// Like ParsableCommand.main(), but a usage error is one line (the problem), not a usage page.
do {
    var command = try Holomap.parseAsRoot()
    try command.run()
} catch {
    if Holomap.exitCode(for: error) == .success { Holomap.exit(withError: error) }  // --help
    say("holomap: \(Holomap.message(for: error))")
    exit(Holomap.exitCode(for: error).rawValue)
}

// Enumerated options parse and validate themselves (an unknown value is a usage error that
// lists the known ones).
extension MRIOJob.Format: ExpressibleByArgument {}
extension Adjustments.Source: ExpressibleByArgument {}

/// ISO3 codes from a comma-separated option, upper-cased.
func codeList(_ option: String?) -> [String]? {
    option.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() } }
}

/// A satellite account for an MRIO that has none (WIOD 2013): national totals split across sectors.
struct SatelliteOptions: ParsableArguments {
    @Option(help: "Territorial CO2 totals to split across sectors, for tables without an emissions account (GCB national CSV or OWID).")
    var territorial: String?
    @Option(help: "Which published file --territorial is: gcb or owid.")
    var territorialSource: Adjustments.Source = .gcb
    @Option(help: "CO2 by country × NACE Rev. 2 sector (WIOD environmental accounts) to split the totals; default: gross output.")
    var sectorShares: String?

    func validate() throws {
        if sectorShares != nil, territorial == nil { throw ValidationError("--sector-shares needs --territorial") }
    }

    var satellite: MRIOJob.Satellite? {
        territorial.map { MRIOJob.Satellite(source: territorialSource, path: $0, sectorShares: sectorShares) }
    }
}

/// Options shared by the commands that read an MRIO.
struct MRIOOptions: ParsableArguments {
    @Option(help: "Layout: pymrio (save_all txt folder), wiod (WIOD 2013 CSV folder), csv (holomap's generic CSV folder), exiobase (EXIOBASE 3 zip).")
    var format: MRIOJob.Format = .pymrio
    @Option(help: "The MRIO folder (the zip archive for exiobase).")
    var dir: String
    @Option(help: "Year of the table (needed for wiod and with --territorial).")
    var year: Int?
    @OptionGroup var satellite: SatelliteOptions

    func validate() throws {
        if satellite.territorial != nil, year == nil { throw ValidationError("--territorial needs --year") }
    }

    func load() throws -> MRIOJob.Loaded {
        try MRIOJob.load(format: format, dir: dir, year: year, satellite: satellite.satellite)
    }
}

struct MRIO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrio",
        abstract: "Multi-regional input-output accounts: footprints and emissions embodied in trade.",
        subcommands: [Footprints.self, Transfers.self])

    struct Footprints: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regional accounts D_cba, D_pba, D_imp, D_exp (as pymrio's calc_all) and the EEBT consumption account, as long CSV.")
        @OptionGroup var mrio: MRIOOptions
        @Option(help: "Output CSV: account,region,stressor,compartment,value.")
        var out: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let started = Date()
            var loaded = try mrio.load()
            if !output.quiet { loaded.notes.forEach { say("mrio: \($0)") } }
            let read = Date()
            if !output.quiet { say(String(format: "mrio: read %d × %d in %.2f s", loaded.system.n, loaded.system.n, read.timeIntervalSince(started))) }
            // EEBT first: the MRIO accounts then turn Z itself into the LU factors of I − A.
            let eebt = try EEBT.transfers(loaded.system, solver: LAPACKSolver())
            let eebtDone = Date()
            var system = loaded.system
            loaded.system.Z = Matrix(rows: 0, columns: 0)
            let accounts = try RegionalAccounts.compute(releasingZ: &system, solver: LAPACKSolver())
            if !output.quiet {
                say(String(format: "mrio: EEBT in %.2f s; accounts (one LU of I − A, %d right-hand sides) in %.2f s", eebtDone.timeIntervalSince(read),
                           system.regions.count, Date().timeIntervalSince(eebtDone)))
            }
            if !output.quiet, let note = MRIOJob.zeroOutputNote(accounts, sectors: system.sectors) { say("mrio: \(note)") }
            let text = MRIOJob.footprintsCSV(accounts, eebtConsumption: MRIOJob.eebtConsumption(eebt, system: system))
            try AtomicFile.write(to: out, overwrite: output.overwrite) { try text.write(toFile: $0, atomically: false, encoding: .utf8) }
            if !output.quiet { say("mrio: \(loaded.system.regions.count) regions × \(loaded.system.sectors.count) sectors, \(loaded.system.stressors.count) stressors, written to \(out)") }
        }
    }

    struct Transfers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Region × region emissions embodied in trade (MRIO and EEBT variants), as long CSV.")
        @OptionGroup var mrio: MRIOOptions
        @Option(help: "mrio, eebt or both.")
        var variant: String = "both"
        @Option(help: "Output CSV: variant,stressor,compartment,producer,consumer,value.")
        var out: String
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard ["mrio", "eebt", "both"].contains(variant) else { throw ValidationError("--variant must be mrio, eebt or both") }
        }

        func run() throws {
            let loaded = try mrio.load()
            if !output.quiet { loaded.notes.forEach { say("mrio: \($0)") } }
            var variants: [(String, [Matrix])] = []
            if variant != "eebt" { variants.append(("mrio", try RegionalAccounts.compute(loaded.system, solver: LAPACKSolver()).transfers)) }
            if variant != "mrio" { variants.append(("eebt", try EEBT.transfers(loaded.system, solver: LAPACKSolver()))) }
            let text = MRIOJob.transfersCSV(regions: loaded.system.regions, stressors: loaded.system.stressors, variants: variants)
            try AtomicFile.write(to: out, overwrite: output.overwrite) { try text.write(toFile: $0, atomically: false, encoding: .utf8) }
            if !output.quiet { say("mrio: transfers of \(loaded.system.regions.count) regions written to \(out)") }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Year-over-year report: territorial vs consumption per country, adjustments, changes, top movers, flows between major regions (Markdown, HTML, CSV, SVG).")

    @Option(help: "Years, comma-separated (for example 2021,2022).")
    var years: String
    @Option(help: "Only these ISO 3166-1 alpha-3 codes, comma-separated (default: all; charts show the 15 largest emitters).")
    var countries: String?
    @Option(help: "Published accounts: owid or gcb.")
    var source: Adjustments.Source = .owid
    @Option(help: "The published file (default: the bundle's OWID extract, 2010-2022).")
    var data: String?
    @Option(help: "An MRIO for the flows between major regions (its folder; the zip for exiobase).")
    var mrioDir: String?
    @Option(help: "The MRIO's layout: pymrio, wiod, csv, exiobase.")
    var mrioFormat: MRIOJob.Format = .wiod
    @Option(help: "The MRIO's year.")
    var mrioYear: Int?
    @OptionGroup var satellite: SatelliteOptions
    @Option(help: "Output folder (report.md, report.html, CSV tables, SVG charts).")
    var out: String
    @OptionGroup var output: OutputOptions

    var yearList: [Int] { years.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        let list = yearList
        guard !list.isEmpty, list.count == years.split(separator: ",").count, Set(list).count == list.count else {
            throw ValidationError("--years must be distinct years, comma-separated")
        }
        if mrioDir != nil, mrioYear == nil { throw ValidationError("--mrio-dir needs --mrio-year") }
    }

    func run() throws {
        let path = try data ?? Resources.folder("grids").appendingPathComponent("default-bundle/owid-co2-2010-2022.csv").path
        let flows = try mrioDir.map { dir in
            Report.Flows(format: mrioFormat, dir: dir, year: mrioYear!, satellite: satellite.satellite)
        }
        let quiet = output.quiet
        let files = try AtomicFolder.write(to: out, overwrite: output.overwrite) { folder in
            try Report.write(years: yearList.sorted(), countries: codeList(countries), source: source, data: path, flows: flows, folder: folder,
                             progress: { if !quiet { say($0) } })
        }
        if !output.quiet { say("report: \(files.count) files in \(out): \(files.joined(separator: ", "))") }
    }
}

struct Adjust: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjustments",
        abstract: "Per-country adjustments of consumption-based against territorial (IPCC production-side) CO2, from published accounts.")

    @Option(help: "owid (owid-co2-data.csv[.gz]), gcb (the GCB 2022 national long CSV, MtC), or mrio (an MRIO folder: consumption from its footprints).")
    var source: String
    @Option(help: "The data file (gzip is read directly), or the MRIO folder for mrio.")
    var data: String
    @Option(help: "mrio: the table's layout (pymrio, wiod, csv, exiobase).")
    var mrioFormat: MRIOJob.Format = .wiod
    @OptionGroup var satellite: SatelliteOptions
    @Option(help: "Year.")
    var year: Int
    @Option(help: "Only these ISO 3166-1 alpha-3 codes, comma-separated.")
    var countries: String?
    @Option(help: "Output CSV: iso3,year,territorial,consumption,transfer,adjustment_pct (Mt CO2; %).")
    var out: String
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard Adjustments.Source(rawValue: source) != nil || source == "mrio" else {
            throw ValidationError("--source must be one of \((Adjustments.Source.allCases.map(\.rawValue) + ["mrio"]).joined(separator: ", "))")
        }
    }

    func run() throws {
        let wanted = codeList(countries)
        let rows: [Adjustments.Row], notCountries: [String]
        if source == "mrio" {
            let loaded = try MRIOJob.load(format: mrioFormat, dir: data, year: year, satellite: satellite.satellite)
            if !output.quiet { loaded.notes.forEach { say("adjustments: \($0)") } }
            let accounts = try RegionalAccounts.compute(loaded.system, solver: LAPACKSolver())
            if !output.quiet, let note = MRIOJob.zeroOutputNote(accounts, sectors: loaded.system.sectors) { say("adjustments: \(note)") }
            (rows, notCountries) = try MRIOJob.adjustments(accounts, year: year, countries: wanted, source: data)
        } else {
            (rows, notCountries) = try Adjustments.read(Adjustments.Source(rawValue: source)!, path: data, year: year, countries: wanted)
        }
        if !output.quiet, !notCountries.isEmpty {
            say("adjustments: \(notCountries.count) rows of \(year) are not countries and were left out: \(notCountries.joined(separator: ", "))")
        }
        try AtomicFile.write(to: out, overwrite: output.overwrite) { try Adjustments.csv(rows).write(toFile: $0, atomically: false, encoding: .utf8) }
        if !output.quiet { say("adjustments: \(rows.count) countries, \(year), written to \(out)") }
    }
}
