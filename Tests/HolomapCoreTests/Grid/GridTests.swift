import Foundation
import XCTest
@testable import HolomapCore

final class GridTests: XCTestCase {
    func testPresetDecodingRejectsBadNumbersWithTheSource() {
        let bad = #"{"name":"x","crs":"EPSG:4326","originX":0,"originY":0,"pixelWidth":1,"pixelHeight":1,"width":10,"height":10}"#
        XCTAssertThrowsError(try GridPresetFile.decode(Data(bad.utf8), source: "bad.json")) { error in
            XCTAssertEqual("\(error)", "bad.json: invalid grid: pixelHeight must be negative for a north-up grid (got 1.0)")
        }
        XCTAssertThrowsError(try GridPresetFile.decode(Data("{".utf8), source: "broken.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("broken.json: invalid grid: not a grid preset JSON"), "\(error)")
        }
        let missing = #"{"name":"x","crs":"EPSG:4326"}"#
        XCTAssertThrowsError(try GridPresetFile.decode(Data(missing.utf8), source: "m.json")) { error in
            XCTAssertTrue("\(error)".contains("missing key"), "\(error)")
        }
    }

    func testCellCoordinatesRoundTrip() {
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: -180, pixelWidth: 0.1, originY: 90, pixelHeight: -0.1), width: 3600, height: 1800)
        XCTAssertEqual(grid.column(ofX: 0), 1800, accuracy: 1e-9)
        XCTAssertEqual(grid.row(ofY: -90), 1800, accuracy: 1e-9)
        XCTAssertEqual(grid.x(ofColumn: 1800), 0, accuracy: 1e-9)
        XCTAssertTrue(grid.wrapsLongitude)
        XCTAssertEqual(grid.minX, -180); XCTAssertEqual(grid.maxY, 90)
    }

    func testCountryCodeTableParsesAndRejectsBadLines() throws {
        let codes = try CountryCodes(csv: "alpha2,alpha3,numeric,name\nZA,ZAF,710,South Africa\n", source: "t.csv")
        XCTAssertEqual(codes.alpha3ByAlpha2["ZA"], "ZAF")
        XCTAssertThrowsError(try CountryCodes(csv: "alpha2,alpha3,numeric,name\nZAF,ZA\n", source: "t.csv")) { error in
            XCTAssertEqual("\(error)", "t.csv (line 2): expected alpha2,alpha3,numeric,name")
        }
    }

    func testRepositoryCodeTableCoversDCW() throws {
        let codes = try CountryCodes.load()
        XCTAssertEqual(codes.alpha3ByAlpha2["LS"], "LSO")
        XCTAssertEqual(codes.alpha3ByAlpha2["XK"], "XKX")
        XCTAssertGreaterThanOrEqual(codes.alpha3ByAlpha2.count, 249)
    }

    func testSparseCoverageFillAndSums() {
        let grid = Grid(crs: CRS(definition: "LOCAL", isGeographic: false),
                        transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 4, pixelHeight: -1), width: 4, height: 4)
        let c = CoverageEngine.coverage(of: Region(code: "A", rings: [Ring(points: [Point(x: 0.5, y: 0.5), Point(x: 3, y: 0.5), Point(x: 3, y: 3), Point(x: 0.5, y: 3)], role: .exterior)]), on: grid)
        let band = FloatBuffer(count: 16, repeating: -1)
        c.fill(band.pointer)
        XCTAssertEqual(band[0], -1, "cells outside keep the background")
        XCTAssertEqual(band[3 * 4 + 0], 0.25)
        XCTAssertEqual(c.weightedSum(rowWeights: [1, 1, 1, 1]), 2.5 * 2.5, accuracy: 1e-12)
        XCTAssertEqual(c.weightedSum(cellWeights: Array(repeating: 2, count: 16)), 2 * 6.25, accuracy: 1e-12)
    }
}
