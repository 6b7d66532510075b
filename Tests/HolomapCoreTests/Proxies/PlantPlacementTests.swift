import XCTest
@testable import HolomapCore

final class PlantPlacementTests: XCTestCase {
    func testPlantsOutsideTheirCountryMoveToTheNearestCoveredCellOrAreListed() {
        // 1° cells, 10 × 10 from (0°E, 10°N). AAA covers column 2 of rows 0–9; BBB has no cell.
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 10, pixelHeight: -1), width: 10, height: 10)
        var aaa = SparseCoverage(code: "AAA", width: 10, height: 10)
        for row in 0..<10 { aaa.append(row: row, start: 2, count: 1, fraction: row == 5 ? 0.5 : nil) }
        func plant(_ x: Double, _ y: Double, _ country: String = "AAA") -> PowerPlant {
            PowerPlant(id: "\(x),\(y)", name: "", country: country, fuel: "Coal", longitude: x, latitude: y, capacityMW: 1)
        }
        let plants = [plant(2.5, 4.5), plant(3.2, 4.5), plant(9.9, 0.1), plant(2.5, 4.5, "BBB"), plant(.nan, 1)]
        let r = PlantPlacement.place(plants, x: plants.map(\.longitude), y: plants.map(\.latitude), grid: grid, coverages: ["AAA": aaa])
        // Inside: row 5 (4–5°N), column 2.
        XCTAssertEqual(r.cells[0], 5 * 10 + 2)
        // 0.7° east of the country's column: moved to the centre of (row 5, column 2), 2.5°E 4.5°N:
        // great-circle 0.7° of longitude at 4.5°N = 77.6 km (6371.0088 km radius), within
        // 50 + 1.5 × 157.25 km.
        XCTAssertEqual(r.cells[1], 52)
        let expected = 2 * 6371.0088 * asin(cos(4.5 * .pi / 180) * sin(0.35 * .pi / 180))
        XCTAssertEqual(r.moved.first { $0.index == 1 }!.distanceKm, expected, accuracy: 1e-9)
        XCTAssertEqual(expected, 77.6, accuracy: 0.1)
        // 7.4° away: too far, listed; BBB has no cell; NaN has no position.
        XCTAssertNil(r.cells[2])
        XCTAssertEqual(r.unplaced.map(\.index), [2, 3, 4])
        XCTAssertTrue(r.unplaced[0].reason.hasPrefix("point 8"), r.unplaced[0].reason)
        XCTAssertEqual(r.unplaced[1].reason, "country has no cell on this grid")
        XCTAssertEqual(r.unplaced[2].reason, "point has no position in the grid's CRS")
    }
}
