import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapBridge

final class OGRBoundaryTests: XCTestCase {
    func testNaturalEarthMinus99FallsBackToOtherCodeFields() throws {
        let path = try TestSupport.sharedFile("natural-earth/ne_110m_admin_0_countries.geojson")
        let ne = try BoundaryLoader.open(path, idField: "ISO_A3")
        XCTAssertTrue(ne.codes.contains("FRA"), "France is -99 in ISO_A3")
        XCTAssertTrue(ne.codes.contains("NOR"))
        XCTAssertFalse(ne.codes.contains("-99"))
    }

    func writeGeoJSON(_ text: String) throws -> String {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("t.geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testInvalidGeometryIsRepairedWithANote() throws {
        // A bow-tie: self-intersecting, repaired by MakeValid into two triangles of 0.5 each.
        let path = try writeGeoJSON(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ISO_A3":"BOW"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}"#)
        let source = try BoundaryLoader.open(path, idField: "ISO_A3")
        XCTAssertEqual(source.notes.count, 1)
        XCTAssertTrue(source.notes[0].contains("repaired with OGR_G_MakeValid"), source.notes[0])
        let grid = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 0.5, originY: 1, pixelHeight: -0.5), width: 2, height: 2)
        let c = CoverageEngine.coverage(of: try source.region("BOW", in: grid), on: grid)
        var sum = 0.0
        c.forEachCell { _, _, f in sum += f }
        XCTAssertEqual(sum, 2.0, accuracy: 1e-12, "two triangles of half a unit square = 2 cells of 0.25")
    }

    func testAntimeridianCrossingGeoJSONPolygon() throws {
        let path = try writeGeoJSON(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ISO_A3":"FJX"},"geometry":{"type":"Polygon","coordinates":[[[179,-16],[179,-17],[-179,-17],[-179,-16],[179,-16]]]}}]}"#)
        let source = try BoundaryLoader.open(path, idField: "ISO_A3")
        let grid = try GridLoader.load("global-1")
        let c = CoverageEngine.coverage(of: try source.region("FJX", in: grid), on: grid)
        XCTAssertEqual(c.cellCount, 2)
        XCTAssertEqual(c.spans.map(\.start).sorted(), [0, 359])
    }

    func testMissingIdFieldNamesFieldAndFile() throws {
        let path = try writeGeoJSON(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAME":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#)
        XCTAssertThrowsError(try BoundaryLoader.open(path, idField: "ISO_A3")) { error in
            XCTAssertEqual("\(error)", "\(path): no field 'ISO_A3' (fields: NAME)")
        }
    }

    func testCorruptGeoJSONAndNetCDFAreReportedNotCrashed() throws {
        let json = try writeGeoJSON(#"{"type":"FeatureCollection","features":[{"type":"Feat"#)
        XCTAssertThrowsError(try BoundaryLoader.open(json, idField: "ISO_A3")) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(json): not a readable vector file"), "\(error)")
        }
        let nc = try TestSupport.temporaryFolder().appendingPathComponent("bad.nc").path
        // The first 64 KiB of the real DCW file: a truncated netCDF-4/HDF5 file.
        guard let dcw = FileManager.default.contents(atPath: BoundaryLoader.dcwPath) else { throw XCTSkip("needs gmt-dcw") }
        try dcw.prefix(65536).write(to: URL(fileURLWithPath: nc))
        XCTAssertThrowsError(try BoundaryLoader.open(nc, idField: nil)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(nc): not a readable netCDF file"), "\(error)")
        }
        XCTAssertThrowsError(try BoundaryLoader.open("/nonexistent.geojson", idField: "ISO_A3")) { error in
            XCTAssertEqual(error as? InputError, .missingFile(path: "/nonexistent.geojson"))
        }
    }
}
