import ArgumentParser
import Foundation
import HolomapCore
import HolomapExport
import HolomapJobs

struct Natural: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "National and global natural CO2 sources and sinks (land sink, land-use change, fire by GFED type, fire CH4 and N2O) as a long CSV.",
        discussion: "Mt per year, emissions positive, removals negative (docs/natural.md). WORLD rows are the source integrals; ocean_sink is a WORLD-only row from the GCB workbook.")

    @Option(help: "Year of the fire emissions and the ocean sink (GFED4.1s: 1997–2021). The GCB land grids are 2013–2022 means whatever the year.")
    var year: Int
    @Option(help: "A year outside the fire tables' years: error, nearest (the nearest year) or mean (the tables' 1997–2020 mean).")
    var fireYearOutside: FireYearPolicy = .error
    @OptionGroup var gridOptions: GridOptions
    @Option(help: "Only these ISO 3166-1 alpha-3 codes, comma-separated (WORLD rows are always written).")
    var countries: CountryList?
    @OptionGroup var inputs: NaturalInputOptions
    @Option(help: "Output CSV: iso3,year,component,value,unit.")
    var out: String
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1750...2100).contains(year) else { throw ValidationError("--year \(year): expected a year in 1750…2100") }
        try inputs.validate()
    }

    func run() throws {
        try AtomicFile.checkTarget(out, overwrite: output.overwrite)
        let view = output.progress
        var job = NaturalJob(paths: try inputs.paths(), year: year, grid: gridOptions.grid, boundaries: gridOptions.boundaries,
                             idField: gridOptions.idField, countries: countries?.codes, output: out)
        job.fireYearPolicy = fireYearOutside
        job.overwrite = output.overwrite
        job.progress = view.handler
        let result = try job.run()
        let world = Dictionary(result.rows.filter { $0.iso3 == "WORLD" }.map { ($0.component, $0.value) }, uniquingKeysWith: { a, _ in a })
        view.show(.step(String(format: "natural: WORLD land_sink %.1f, land_use_change %.1f, fire %.1f (%@), natural_net %.1f Mt CO2/yr; written to %@",
                               world["land_sink"]!, world["land_use_change"]!, world["fire"]!, "\(result.fireYear)", world["natural_net"]!, out)))
    }
}

/// The input files: a reference data folder's layout (`--data`), or each file named.
struct NaturalInputOptions: ParsableArguments {
    @Option(help: "Folder in the layout of ../shared/data (gcb2023-gridded-land-fluxes/, gfed4.1s-regional-fire-emissions/, …); the options below replace single files.")
    var data: String?
    @Option(help: "GCB 2023 S_LAND netCDF (.nc or .nc.gz, variable SLAND).")
    var landSink: String?
    @Option(help: "GCB 2023 E_LUC netCDF (.nc or .nc.gz, variable Landuse_Cflux).")
    var landUseChange: String?
    @Option(help: "Folder of the GFED4.1s regional tables GFED4.1s_CO2.txt, _CH4.txt, _N2O.txt.")
    var fireTables: String?
    @Option(help: "GFED4 basis regions raster (codes 1–14).")
    var fireRegions: String?
    @Option(help: "MODIS IGBP land cover raster (classes 0–16).")
    var landCover: String?
    @Option(help: "Land fraction raster (0–1) on a grid nesting in S_LAND's.")
    var landFraction: String?
    @Option(help: "GCB 2023 global budget workbook (xlsx).")
    var budget: String?

    func validate() throws {
        if data == nil, [landSink, landUseChange, fireTables, fireRegions, landCover, landFraction, budget].contains(where: { $0 == nil }) {
            throw ValidationError("give --data DIR, or every one of --land-sink, --land-use-change, --fire-tables, --fire-regions, --land-cover, --land-fraction and --budget")
        }
    }

    func paths() throws -> NaturalPaths {
        NaturalPaths.named(data: data, landSink: landSink, landUseChange: landUseChange, fireTables: fireTables, fireRegions: fireRegions,
                           landCover: landCover, landFraction: landFraction, budget: budget)
    }
}

extension FireYearPolicy: ExpressibleByArgument {}
