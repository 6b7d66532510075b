import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapBridge

final class CRSAndGridTests: XCTestCase {
    func testResolvesEPSGAndProjStringsAndRejectsGarbage() throws {
        let geographic = try CRSResolver.resolve("EPSG:4326")
        XCTAssertTrue(geographic.isGeographic)
        XCTAssertEqual(geographic.name, "WGS 84")
        let albers = try CRSResolver.resolve("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=WGS84 +type=crs")
        XCTAssertFalse(albers.isGeographic)
        XCTAssertTrue(albers.wkt.contains("Albers Equal Area"))
        XCTAssertThrowsError(try CRSResolver.resolve("EPSG:999999")) { error in
            XCTAssertTrue("\(error)".hasPrefix("CRS 'EPSG:999999': not recognised by PROJ"), "\(error)")
        }
    }

    func testEveryPresetLoadsAndUnknownOnesAreNamed() throws {
        let names = try GridLoader.presetNames()
        XCTAssertEqual(Set(names), ["global-0.01", "global-0.1", "global-0.25", "global-0.5", "global-1", "global-30s", "china-albers-1km"])
        for name in names { XCTAssertGreaterThan(try GridLoader.load(name).cellCount, 0) }
        let g30 = try GridLoader.load("global-30s")
        XCTAssertEqual(g30.width, 43200); XCTAssertEqual(g30.height, 21600)
        XCTAssertThrowsError(try GridLoader.load("global-7")) { error in
            XCTAssertTrue("\(error)".hasPrefix("grid 'global-7': not a preset (known: "), "\(error)")
        }
        XCTAssertThrowsError(try GridLoader.load("/nonexistent/grid.json")) { error in
            XCTAssertEqual(error as? InputError, .missingFile(path: "/nonexistent/grid.json"))
        }
    }

    /// The exact lat/lon cell area agrees with PROJ's geodesic polygon area once the parallels
    /// (which are not geodesics) are densified finely.
    func testExactCellAreaMatchesPROJGeodesicOnDensifiedCell() {
        let geodesic = Geodesic()
        for (south, north) in [(0.0, 1.0), (45.0, 46.0), (-89.0, -88.0)] {
            let n = 2000
            var lons: [Double] = [], lats: [Double] = []
            for i in 0...n { lons.append(Double(i) / Double(n)); lats.append(south) }
            for i in 0...n { lons.append(1 - Double(i) / Double(n)); lats.append(north) }
            let proj = geodesic.polygonArea(longitudes: lons, latitudes: lats)
            let exact = WGS84.zoneAreaPerRadian(fromLatitude: south, toLatitude: north) * .pi / 180
            XCTAssertEqual(proj, exact, accuracy: exact * 1e-9, "cell \(south)…\(north)")
        }
    }

    func testAlbersCellsHaveTheirPlanarAreaOnTheEllipsoid() throws {
        var grid = try GridLoader.load("china-albers-1km")
        // A 40 × 40 window near Beijing; an equal-area projection keeps 1 km² cells at 1 km².
        grid.transform.originX = 1_000_000; grid.transform.originY = 4_600_000
        grid.width = 40; grid.height = 40
        let areas = try CellAreas.table(grid).rows(0..<40, width: 40)
        XCTAssertEqual(areas.count, 1600)
        for a in areas { XCTAssertEqual(a, 1e6, accuracy: 1e6 * 1e-6) }
    }

    func testTransformerIsIdentityForEquivalentGeographicCRS() throws {
        let ogrStyle = try CRSResolver.resolve(#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AXIS["Longitude",EAST],AXIS["Latitude",NORTH]]"#)
        XCTAssertTrue(try CoordinateTransformer(from: ogrStyle, to: try CRSResolver.resolve("EPSG:4326")).isIdentity)
        let albers = try GridLoader.load("china-albers-1km").crs
        let t = try CoordinateTransformer(from: .wgs84, to: albers)
        XCTAssertFalse(t.isIdentity)
        var x = [105.0], y = [0.0]
        try t.transform(x: &x, y: &y)
        XCTAssertEqual(x[0], 0, accuracy: 1e-6); XCTAssertEqual(y[0], 0, accuracy: 1e-6)
    }
}

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
