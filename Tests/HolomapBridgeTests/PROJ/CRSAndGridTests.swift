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
