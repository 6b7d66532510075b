import Foundation
import XCTest
import HolomapTestSupport
@testable import HolomapCore
@testable import HolomapJobs

/// The natural accounts' own invariants on the reference data: every GFED region × fire type
/// gridded as its table says, and every layer's global integral kept by the remap onto the 1°,
/// 0.25°, 0.1° and 0.01° presets (the job refuses to write when either fails).
final class NaturalJobTests: XCTestCase {
    func testRegionsAndGlobalIntegralsAreKeptOnEveryPreset() throws {
        for folder in ["gcb2023-gridded-land-fluxes", "gfed4.1s-regional-fire-emissions", "gfed4-basis-regions-0.25deg",
                       "modis-mcd12c1-landcover-2019-0.05deg", "globe-land-mask"] { _ = try TestSupport.sharedFile(folder) }
        let paths = NaturalPaths.standard(data: TestSupport.sharedData.path)
        var world: [String: Double]? = nil
        for grid in ["global-1", "global-0.25", "global-0.1", "global-0.01"] {
            let out = try TestSupport.temporaryFolder().appendingPathComponent("natural.csv").path
            let start = Date()
            let result = try NaturalJob(paths: paths, year: 2021, grid: grid, boundaries: "dcw", idField: nil, countries: ["LUX"], output: out).run()
            XCTAssertLessThanOrEqual(result.fireRegionError, 1e-9, grid)
            XCTAssertLessThanOrEqual(try XCTUnwrap(result.conservationError), 1e-9, grid)
            // WORLD rows are the source integrals, whatever the grid.
            let rows = Dictionary(uniqueKeysWithValues: result.rows.filter { $0.iso3 == "WORLD" }.map { ($0.component, $0.value) })
            if let world { for (k, v) in world { XCTAssertEqual(rows[k]!, v, accuracy: abs(v) * 1e-12, "\(grid) \(k)") } } else { world = rows }
            print("natural \(grid): \(String(format: "%.1f", Date().timeIntervalSince(start))) s, conservation \(result.conservationError!)")
        }
    }

    func testTheFireTablesTypesAddUpToTheAllFireRowsWithinRounding() throws {
        let path = try TestSupport.sharedFile("gfed4.1s-regional-fire-emissions/GFED4.1s_CO2.txt")
        let table = try FireTable.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        XCTAssertEqual(table.years.first, 1997); XCTAssertEqual(table.years.last, 2021); XCTAssertEqual(table.meanYears, 1997...2020)
        // The global fire CO2 of 2020: 671 × 10¹³ g = 6,710 Tg.
        XCTAssertEqual(table.globalTonnes(nil, .year(2020)), 6710e6)
        // Seven rounded numbers are at most 3.5 units apart; the table itself has one pair 4
        // units apart (BOAS 2001: 32 for all types, 28 by type), which the gridding keeps as is.
        var beyond: [String] = []
        for (k, region) in FireTable.regions.enumerated() {
            for (y, year) in table.years.enumerated() {
                let types = FireType.allCases.reduce(0) { $0 + table.values[$1]![k][y] }
                if abs(types - table.allTypes[k][y]) > 3.5 { beyond.append("\(region) \(year)") }
                XCTAssertLessThanOrEqual(abs(types - table.allTypes[k][y]), 4, "\(region) \(year)")
            }
        }
        XCTAssertEqual(beyond, ["BOAS 2001"])
    }
}
