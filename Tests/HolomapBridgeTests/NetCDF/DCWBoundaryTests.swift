import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapBridge

final class DCWBoundaryTests: XCTestCase {
    var dcw: BoundarySource!
    override func setUpWithError() throws {
        guard FileManager.default.fileExists(atPath: BoundaryLoader.dcwPath) else { throw XCTSkip("needs Debian gmt-dcw") }
        dcw = try BoundaryLoader.open("dcw", idField: nil)
    }

    func value(_ c: SparseCoverage, _ grid: Grid, lon: Double, lat: Double) -> Double {
        let row = Int(grid.row(ofY: lat)), col = Int(grid.column(ofX: lon))
        var found = 0.0
        c.forEachCell { r, k, f in if r == row && k == col { found = f } }
        return found
    }

    /// Area (m²) where two coverages add up to more than the cell.
    func overlap(_ a: SparseCoverage, _ b: SparseCoverage, _ grid: Grid) -> Double {
        var cells: [Int: Double] = [:]
        a.forEachCell { r, c, f in cells[r * grid.width + c] = f }
        let rowAreas = grid.geographicRowAreas()
        var total = 0.0
        b.forEachCell { r, c, f in total += max(0, f + (cells[r * grid.width + c] ?? 0) - 1) * rowAreas[r] }
        return total
    }

    func testSouthAfricaHasLesothoAsAHole() throws {
        let grid = try GridLoader.load("global-0.1")
        let zaf = CoverageEngine.coverage(of: try dcw.region("ZAF", in: grid), on: grid)
        let lso = CoverageEngine.coverage(of: try dcw.region("LSO", in: grid), on: grid)
        XCTAssertEqual(value(zaf, grid, lon: 28.25, lat: -29.55), 0, "Maseru area is not South Africa")
        XCTAssertEqual(value(lso, grid, lon: 28.25, lat: -29.55), 1)
        XCTAssertEqual(value(zaf, grid, lon: 25.05, lat: -30.05), 1)
        // DCW digitises neighbours separately, so shared borders overlap slightly; a missing hole
        // would overlap by all of Lesotho.
        XCTAssertLessThan(overlap(zaf, lso, grid) / lso.weightedSum(rowWeights: grid.geographicRowAreas()), 0.002)
    }

    func testItalyLeavesRoomForVaticanAndSanMarino() throws {
        let grid = try GridLoader.load("global-0.01")
        let ita = CoverageEngine.coverage(of: try dcw.region("ITA", in: grid), on: grid)
        let vat = CoverageEngine.coverage(of: try dcw.region("VAT", in: grid), on: grid)
        let smr = CoverageEngine.coverage(of: try dcw.region("SMR", in: grid), on: grid)
        XCTAssertGreaterThan(vat.cellCount, 0, "Vatican is smaller than a cell but still present")
        XCTAssertGreaterThan(smr.cellCount, 1)
        for small in [vat, smr] {
            let share = overlap(ita, small, grid) / small.weightedSum(rowWeights: grid.geographicRowAreas())
            XCTAssertLessThan(share, 0.05, "\(small.code) must be a hole in Italy, not under it")
        }
        let rowAreas = grid.geographicRowAreas()
        // Vatican City: 0.44 km² (0.49 km² in DCW's coarse outline).
        XCTAssertEqual(vat.weightedSum(rowWeights: rowAreas) / 1e6, 0.5, accuracy: 0.15)
    }

    func testRussiaAndFijiWrapOntoBothSidesOfTheAntimeridian() throws {
        let grid = try GridLoader.load("global-0.1")
        for code in ["RUS", "FJI"] {
            let c = CoverageEngine.coverage(of: try dcw.region(code, in: grid), on: grid)
            var west = 0, east = 0
            c.forEachCell { _, col, _ in if col < 100 { west += 1 } else if col >= 3500 { east += 1 } }
            XCTAssertGreaterThan(west, 0, "\(code) east of 180° lands west of −170°")
            XCTAssertGreaterThan(east, 0)
            let covered = c.weightedSum(rowWeights: grid.geographicRowAreas())
            let polygon = Geodesic().area(of: try dcw.region(code))
            XCTAssertEqual(covered / polygon, 1, accuracy: 0.005, code)
        }
    }

    func testUnknownCodeIsNamed() {
        XCTAssertThrowsError(try dcw.checkCodes(["ZAF", "XYZ"])) { error in
            XCTAssertEqual("\(error)", "\(BoundaryLoader.dcwPath): unknown country code 'XYZ'")
        }
    }

    func testChinaOnTheAlbersGridKeepsItsArea() throws {
        let grid = try GridLoader.load("china-albers-1km")
        let c = CoverageEngine.coverage(of: try dcw.region("CHN", in: grid), on: grid)
        let covered = Double(c.weightedSum(rowWeights: Array(repeating: 1e6, count: grid.height)))
        let polygon = Geodesic().area(of: try dcw.region("CHN"))
        XCTAssertEqual(covered / polygon, 1, accuracy: 0.005)
    }
}
