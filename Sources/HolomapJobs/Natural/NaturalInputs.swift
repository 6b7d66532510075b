import Foundation
import HolomapBridge
import HolomapCore

/// The files of the natural accounts (docs/natural.md#inputs), by default in the layout of the
/// reference data folder (`../shared/data`).
public struct NaturalPaths: Sendable, Equatable {
    /// GCB 2023 S_LAND, DGVM mean 2013–2022 (netCDF, `.nc` or `.nc.gz`), variable `SLAND`.
    public var landSink: String
    /// GCB 2023 E_LUC, bookkeeping mean 2013–2022, variable `Landuse_Cflux`.
    public var landUseChange: String
    /// The folder of the GFED4.1s regional tables `GFED4.1s_<species>.txt`.
    public var fireTables: String
    /// GFED4 basis regions (codes 1–14) raster.
    public var fireRegions: String
    /// MODIS IGBP land cover (classes 0–16).
    public var landCover: String
    /// Land fraction 0–1 on a grid nesting in S_LAND's.
    public var landFraction: String
    /// GCB 2023 global budget workbook (xlsx).
    public var budget: String

    public static let landSinkVariable = "SLAND"
    public static let landUseChangeVariable = "Landuse_Cflux"
    public static let species = ["CO2", "CH4", "N2O"]

    public init(landSink: String, landUseChange: String, fireTables: String, fireRegions: String, landCover: String, landFraction: String, budget: String) {
        self.landSink = landSink; self.landUseChange = landUseChange; self.fireTables = fireTables; self.fireRegions = fireRegions
        self.landCover = landCover; self.landFraction = landFraction; self.budget = budget
    }

    /// The files in a reference data folder's layout.
    public static func standard(data: String) -> NaturalPaths {
        let d = URL(fileURLWithPath: data)
        func f(_ p: String) -> String { d.appendingPathComponent(p).path }
        return NaturalPaths(landSink: f("gcb2023-gridded-land-fluxes/Land_carbon_uptake_DGVMs_gridded_GCB2023_2013-2022_mean.nc.gz"),
                            landUseChange: f("gcb2023-gridded-land-fluxes/Landuse_carbon_flux_gridded_GCB2023_2013-2022_mean.nc.gz"),
                            fireTables: f("gfed4.1s-regional-fire-emissions"),
                            fireRegions: f("gfed4-basis-regions-0.25deg/GFED4_basis_regions_0.25deg.tif"),
                            landCover: f("modis-mcd12c1-landcover-2019-0.05deg/MCD12C1.A2019001.006.2020220162300.tif"),
                            landFraction: f("globe-land-mask/globe_land_fraction_0.1deg.tif"),
                            budget: f("gcb2023-gridded-land-fluxes/Global_Carbon_Budget_2023v1.1.xlsx"))
    }

    /// The files of `data`'s layout (nil: the current folder's), any of them named apart.
    public static func named(data: String?, landSink: String?, landUseChange: String?, fireTables: String?, fireRegions: String?,
                             landCover: String?, landFraction: String?, budget: String?) -> NaturalPaths {
        let p = standard(data: data ?? ".")
        return NaturalPaths(landSink: landSink ?? p.landSink, landUseChange: landUseChange ?? p.landUseChange, fireTables: fireTables ?? p.fireTables,
                            fireRegions: fireRegions ?? p.fireRegions, landCover: landCover ?? p.landCover, landFraction: landFraction ?? p.landFraction,
                            budget: budget ?? p.budget)
    }

    public func fireTable(_ species: String) -> String {
        URL(fileURLWithPath: fireTables).appendingPathComponent("GFED4.1s_\(species).txt").path
    }

    /// Every file, with its role; the first missing one is an error before any work.
    public func check() throws {
        for path in [landSink, landUseChange, fireRegions, landCover, landFraction, budget] + NaturalPaths.species.map(fireTable)
        where !FileManager.default.fileExists(atPath: path) {
            throw InputError.missingFile(path: path)
        }
    }
}

/// The inputs read and checked: tables first (fast), grids after.
struct NaturalData {
    var fire: [String: FireTable]
    var fireYear: FireYear
    var budget: CarbonBudget
    var landSink: CellAmounts
    var landUseChange: CellAmounts
    var fireGridding: FireGridding

    static func load(_ paths: NaturalPaths, year: Int, policy: FireYearPolicy, progress: ProgressHandler) throws -> NaturalData {
        try paths.check()
        progress(.step("natural: GFED4.1s tables \(paths.fireTables)"))
        var fire: [String: FireTable] = [:]
        for species in NaturalPaths.species {
            let path = paths.fireTable(species)
            let table = try FireTable.parse(try TextFile.read(path), file: path)
            guard table.species == species else {
                throw InputError.malformedInput(file: path, place: "header", reason: "a table of \(table.species), expected \(species)")
            }
            if let co2 = fire["CO2"], co2.years != table.years {
                throw InputError.malformedInput(file: path, place: "", reason: "years \(table.years.first!)–\(table.years.last!) differ from \(co2.file)'s")
            }
            fire[species] = table
        }
        let fireYear = try fire["CO2"]!.resolve(year, policy: policy)
        progress(.step("natural: GCB budget \(paths.budget)"))
        let budget = try CarbonBudget.parse(try SpreadsheetSheet.rows(paths.budget, sheet: CarbonBudget.sheet), file: paths.budget)

        progress(.step("natural: land sink \(paths.landSink) × land fraction \(paths.landFraction)"))
        let sland = try GriddedFluxReader.read(paths.landSink, variable: NaturalPaths.landSinkVariable)
        let (fraction, fractionGrid) = try NaturalRasters.landFraction(paths.landFraction)
        let landSink = try LandFluxes.landSink(sland, landFraction: fraction, grid: fractionGrid, fractionSource: paths.landFraction)
        progress(.step("natural: land-use change \(paths.landUseChange)"))
        let landUseChange = LandFluxes.landUseChange(try GriddedFluxReader.read(paths.landUseChange, variable: NaturalPaths.landUseChangeVariable))
        progress(.step("natural: fire regions \(paths.fireRegions) on land cover \(paths.landCover)"))
        let (regions, regionGrid) = try NaturalRasters.regions(paths.fireRegions, maxCode: FireTable.regions.count)
        let (classes, coverGrid) = try ProxyLoader.classes(paths.landCover)
        let gridding = FireGridding(classes: classes, grid: coverGrid, regions: regions, regionGrid: regionGrid)
        return NaturalData(fire: fire, fireYear: fireYear, budget: budget, landSink: landSink, landUseChange: landUseChange, fireGridding: gridding)
    }

    /// Tonnes by fire type and region of one species for the chosen year.
    func fireTonnes(_ species: String) -> [FireType: [Double]] { fireTonnes(species, fireYear) }

    /// Tonnes by fire type and region of one species for a fire table entry.
    func fireTonnes(_ species: String, _ year: FireYear) -> [FireType: [Double]] {
        var out: [FireType: [Double]] = [:]
        for type in FireType.allCases { out[type] = fire[species]!.tonnes(type, year) }
        return out
    }
}
