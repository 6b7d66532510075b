import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapBridge
@testable import HolomapExport

final class PNGTests: XCTestCase {
    func testLibpngErrorsBecomeSwiftErrors() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("bad.png").path
        // Width 0 makes libpng call png_error (longjmp) in png_set_IHDR; the shim turns it into a status.
        XCTAssertThrowsError(try PNGEncoder.write(path: path, width: 0, height: 5, channels: 1, pixels: [])) { error in
            XCTAssertTrue("\(error)".contains("libpng holomap_png_write failed"), "\(error)")
            XCTAssertTrue("\(error)".contains("IHDR"), "\(error)")
        }
        XCTAssertThrowsError(try PNGEncoder.write(path: "/nonexistent/x.png", width: 1, height: 1, channels: 1, pixels: [0])) { error in
            XCTAssertTrue("\(error)".contains("cannot open for writing"), "\(error)")
        }
    }

    func testGrayPNGDecodesWithGDAL() throws {
        let raster = tinyRaster(crs: .wgs84, originX: 0, originY: 0, cell: 0.1, width: 50, height: 20)
        let path = try TestSupport.temporaryFolder().appendingPathComponent("g.png").path
        try PNGExporter.writeGray(raster, band: 0, to: path, overwrite: false)
        let signature = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(8)
        XCTAssertEqual(Array(signature), [137, 80, 78, 71, 13, 10, 26, 10])
        let info = try TestSupport.run("/usr/bin/gdalinfo", ["-json", "-stats", path])
        XCTAssertEqual(info.status, 0)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["size"] as? [Int], [50, 20], info.stdout)
        XCTAssertEqual((json["driverShortName"] as? String), "PNG")
        XCTAssertEqual((json["bands"] as? [[String: Any]])?.map { $0["colorInterpretation"] as? String }, ["Gray", "Alpha"], "gray plus alpha (nodata transparent)")
        // Column 25 of 50 is 0.5 → gray 128.
        let px = try TestSupport.run("/usr/bin/gdallocationinfo", ["-valonly", "-b", "1", path, "25", "3"])
        XCTAssertEqual(px.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "128")
    }
}
