import Foundation
import XCTest
import HolomapTestSupport

/// XYZ tiles from `holomap build`: layout, the z0 tile against an independent numpy
/// recomputation, and the offline viewer in headless Chromium.
final class TileTests: XCTestCase {
    nonisolated(unsafe) static var built: URL?  // XCTest runs these tests one at a time

    /// One 1° build with tiles to zoom 2, shared by the tests of this class.
    func build() throws -> URL {
        if let built = TileTests.built { return built }
        let out = try TestSupport.temporaryFolder().appendingPathComponent("b")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--max-zoom", "2",
                                                                  "--formats", "cog,tiles", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        TileTests.built = out
        return out
    }

    func testStandardXYZLayoutForEveryLayer() throws {
        let tiles = try build().appendingPathComponent("tiles")
        for layer in ["total", "1.A", "NT"] {
            // Tiles with emissions exist; empty ones (the south polar row at zoom 2) are omitted.
            for (z, x, y) in [(0, 0, 0), (1, 0, 0), (1, 1, 0), (2, 3, 1), (2, 1, 1)] {
                let path = tiles.appendingPathComponent("\(layer)/\(z)/\(x)/\(y).png").path
                XCTAssertTrue(FileManager.default.fileExists(atPath: path), path)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: tiles.appendingPathComponent("\(layer)/2/0/3.png").path), "no emissions near the South Pole")
        }
        for file in ["index.html", "legend.png", "leaflet/leaflet.js", "leaflet/leaflet.css"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: tiles.appendingPathComponent(file).path), file)
        }
        let info = try TestSupport.run("/usr/bin/gdalinfo", [tiles.appendingPathComponent("total/0/0/0.png").path]).stdout
        XCTAssertTrue(info.contains("Size is 256, 256"), info)
        XCTAssertTrue(info.contains("ColorInterp=Palette"), info)
        XCTAssertTrue(info.contains("0: 0,0,0,0"), "index 0 is transparent: \(info)")
    }

    func testZoomZeroTileAgreesWithTheGrid() throws {
        let out = try build()
        let python = try TestSupport.python(requiring: "rasterio")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as! [String: Any]
        let scale = try XCTUnwrap(manifest["tiles"] as? [String: Any])
        let lo = try XCTUnwrap(scale["log10_density_min"] as? Double), hi = try XCTUnwrap(scale["log10_density_max"] as? Double)
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/check_z0_tile.py").path
        let check = try TestSupport.run(python, [script, out.appendingPathComponent("production.tif").path, "total",
                                                 out.appendingPathComponent("tiles/total/0/0/0.png").path, "\(lo)", "\(hi)"])
        let f = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(f.count, 3, check.stdout + check.stderr)
        XCTAssertGreaterThan(f[0], 10_000, "opaque pixels where there are emissions")
        XCTAssertEqual(f[1], 0, "transparent exactly where the grid has no emissions")
        XCTAssertLessThanOrEqual(f[2], 1, "colours equal up to rounding")
    }

    func testViewerShowsTilesInHeadlessChromium() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            throw XCTSkip("needs Debian's chromium (scripts/setup.sh installs it)")
        }
        let tiles = try build().appendingPathComponent("tiles")
        let shot = try TestSupport.temporaryFolder().appendingPathComponent("shot.png").path
        let run = try TestSupport.run("/usr/bin/timeout", ["120", "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                                           "--hide-scrollbars", "--window-size=800,500", "--virtual-time-budget=8000",
                                                           "--screenshot=\(shot)", "file://\(tiles.path)/index.html"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let python = try TestSupport.python(requiring: "rasterio")
        // Share of pixels that are neither the page background (#1b1b2f) nor white controls: tiles drawn.
        let count = try TestSupport.run(python, ["-c", """
            import rasterio, numpy as np
            a = rasterio.open('\(shot)').read()[:3].astype(int)
            bg = (abs(a[0]-0x1b) < 4) & (abs(a[1]-0x1b) < 4) & (abs(a[2]-0x2f) < 4)
            white = (a.min(axis=0) > 240)
            print(float((~bg & ~white).mean()))
            """])
        let share = try XCTUnwrap(Double(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), count.stderr)
        XCTAssertGreaterThan(share, 0.15, "the map shows coloured tiles")
    }
}
