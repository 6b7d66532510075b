import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// The population weight of a build: people moved onto the land of the build's countries
/// (`Dasymetric`) on lat/lon grids, refined by urban land on grids finer than the population
/// raster; on a projected grid, the density at each cell centre × its area.
struct PopulationProxy {
    let field: any RowField
    let method: String
    let sourcePeople: Double?
    let lostToSea: Double?
    let path: String
    let populationYear: Int?
    let landCover: String?
    /// The populated places that raised the urban land, when they did.
    let places: String?

    /// `urbanLand`: the urban area per cell of the land cover (`LandCoverProxy`), when given.
    init(config: BuildConfig, grid: Grid, coverages: [SparseCoverage], cellAreas: CellAreaTable, urbanLand: (any RowField)?) throws {
        path = config.proxies.population!
        populationYear = config.proxies.populationYear
        let (counts, source) = try ProxyLoader.counts(path)
        guard source.crs.isGeographic, grid.crs.isGeographic else {
            field = try ProxyLoader.countField(path, onto: grid, cellAreas: cellAreas)
            method = "density at each cell centre × the cell's area (projected grid)"
            sourcePeople = nil; lostToSea = nil; landCover = nil; places = nil
            return
        }
        // Urban land refines the people inside a population cell only where the grid is finer.
        let finer = abs(grid.transform.pixelWidth) < abs(source.transform.pixelWidth) * (1 - 1e-9)
        var urban: (any RowField)? = finer ? urbanLand : nil
        landCover = urban != nil ? config.proxies.landCover : nil
        if finer, let placesPath = config.proxies.populatedPlaces {
            let found = try Settlements.parse(try TextFile.read(placesPath), file: placesPath)
            urban = UrbanWithPlaces(base: urban, places: Settlements.areas(found, on: grid), cellAreas: cellAreas, width: grid.width)
        }
        places = finer ? config.proxies.populatedPlaces : nil
        let result = Dasymetric.field(counts, source: source, target: grid, coverages: coverages, cellAreas: cellAreas, urban: urban)
        field = result.field
        sourcePeople = result.sourcePeople
        lostToSea = result.lostToSea
        method = "dasymetric: each population cell's people on the land of the build's countries it overlaps"
            + (landCover != nil ? String(format: ", urban land (IGBP class 13) weighing %g times other land", 1 + Dasymetric.urbanWeight) : "")
            + (places.map { "; populated places (\(URL(fileURLWithPath: $0).lastPathComponent)) count as urban land of their people ÷ \(Int(Settlements.peoplePerKm2)) per km² where the land cover shows less" } ?? "")
    }

    func record(_ results: [GriddingResult], years: [Int], relative: (String) -> String) -> Manifest.PopulationRecord {
        // The field is the same every year: the first year's sums serve.
        let sums = results.first?.populationByCountry ?? [:]
        return Manifest.PopulationRecord(
            path: relative(path), year: populationYear, usedFor: years, method: method, landCover: landCover.map(relative),
            sourcePeople: sourcePeople, lostToSea: lostToSea,
            countries: sums.keys.sorted().map { Manifest.PopulationCountry(iso3: $0, people: sums[$0]!) })
    }

    /// People in population cells with no land of the build's countries (sea, or countries the
    /// inventory lacks): at most 0.5 % of the people the grid reaches.
    var lostCheck: Manifest.Check {
        let share = (sourcePeople ?? 0) > 0 ? (lostToSea ?? 0) / sourcePeople! : 0
        return Manifest.Check(name: "population_lost_to_sea", year: nil, ok: share <= 0.005, value: share, limit: "≤ 0.005 of the people",
                              detail: String(format: "%.0f of %.0f people live in population cells without land of the build's countries", lostToSea ?? 0, sourcePeople ?? 0))
    }
}
