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
        for layer in ["total", "1.A.1.a", "5"] {
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
        // The layer list names each layer by its code and human name; the tile folders keep the code.
        let html = try String(contentsOf: tiles.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains(#"{code: "1.A.1.a", label: "1.A.1.a · Public electricity and heat production", group: "Production by sector", diverging: false, folders: ["1.A.1.a"]}"#), html)
    }

    /// The colour scale's top is the 99.9th percentile of |density| over the non-zero cells of
    /// the total (nearest rank), recomputed with numpy from the COG and the ellipsoidal cell
    /// areas (closed form on WGS 84), and lies below the densest cell.
    func testColourScaleTopIsTheStatedPercentile() throws {
        let out = try build()
        let python = try TestSupport.python(requiring: "rasterio")
        let tiles = try XCTUnwrap(try ManifestReader.load(out)["tiles"] as? [String: Any])
        XCTAssertEqual(tiles["scale_percentile"] as? Double, 99.9)
        let top = try XCTUnwrap(tiles["log10_density_max"] as? Double), peak = try XCTUnwrap(tiles["log10_density_peak"] as? Double)
        XCTAssertEqual(try XCTUnwrap(tiles["log10_density_min"] as? Double), top - 5, accuracy: 1e-12)
        let check = try TestSupport.run(python, ["-c", """
            import numpy as np, rasterio
            d = rasterio.open('\(out.path)/production.tif'); t = d.read(d.descriptions.index('total') + 1).astype(float)
            a, f = 6378137.0, 1 / 298.257223563; e2 = f * (2 - f); e = e2 ** 0.5
            q = lambda p: np.sin(p) / (1 - e2 * np.sin(p) ** 2) + np.log((1 + e * np.sin(p)) / (1 - e * np.sin(p))) / (2 * e)
            T = d.transform; top = T.f + np.arange(d.height) * T.e
            area = a * a * (1 - e2) / 2 * np.radians(abs(T.a)) * np.abs(q(np.radians(top)) - q(np.radians(top + T.e)))
            v = (np.abs(t) / (area[:, None] / 1e6))[(t != 0) & ~np.isnan(t)]
            print(np.log10(np.percentile(v, 99.9, method='inverted_cdf')), np.log10(v.max()))
            """])
        let f = check.stdout.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(f.count, 2, check.stdout + check.stderr)
        XCTAssertGreaterThanOrEqual(top, f[0] - 1e-6)
        XCTAssertLessThanOrEqual(top, f[0] + 0.01 + 1e-6, "the upper edge of the percentile's 0.01-decade bin")
        XCTAssertEqual(peak, f[1], accuracy: 1e-5)
        XCTAssertLessThan(top, peak - 0.1, "not the densest cell")
    }

    /// `holomap tiles` on a signed band (consumption_minus_production, in consumption.tif): both signs drawn with the diverging
    /// palette and its legend, as the build draws them; the folder is replaced only with --overwrite.
    func testTilesOfTheTransferBandDrawBothSigns() throws {
        let built = try build()
        let out = try TestSupport.temporaryFolder().appendingPathComponent("transfer")
        let args = ["tiles", "--input", built.appendingPathComponent("consumption.tif").path, "--band", "consumption_minus_production", "--max-zoom", "1", "--out", out.path, "--quiet"]
        let run = try TestSupport.run(try TestSupport.holomap(), args)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(TestSupport.files(in: out), [".holomap-output", "consumption_minus_production", "index.html", "leaflet", "legend-signed.png", "legend.png"])
        XCTAssertTrue(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8).contains("legend-signed.png"))
        let again = try TestSupport.run(try TestSupport.holomap(), args)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("exists; pass --overwrite"), again.stderr)
        // The same cells are drawn as in the build's own transfer tiles (net importers and exporters).
        let python = try TestSupport.python(requiring: "rasterio")
        let count = try TestSupport.run(python, ["-c", """
            import rasterio
            for p in ('\(out.path)/consumption_minus_production/0/0/0.png', '\(built.path)/tiles/consumption_minus_production/0/0/0.png'):
                print(int((rasterio.open(p).read(1) > 0).sum()))
            """])
        let counts = count.stdout.split(separator: "\n").compactMap { Int($0) }
        XCTAssertEqual(counts.count, 2, count.stderr)
        XCTAssertEqual(counts.first, counts.last, "pixels drawn: tiles command vs build")
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

        // The page as Chromium built it (after its scripts ran).
        let dump = try TestSupport.run("/usr/bin/timeout", ["120", "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                                            "--window-size=800,500", "--virtual-time-budget=8000", "--dump-dom",
                                                            "file://\(tiles.path)/index.html"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let dom = dump.stdout
        let manifest = try ManifestReader.load(try build())
        let layers = try XCTUnwrap(manifest["layers"] as? [[String: Any]]).filter { $0["in_cog"] as? Bool == true }
        // One choice per layer (not per layer and year), grouped, each with its code and name.
        XCTAssertEqual(dom.components(separatedBy: #"type="radio""#).count - 1, layers.count, dom)
        for group in ["Totals", "Production by sector", "Consumption and trade (CO2)"] {
            XCTAssertTrue(dom.contains("<legend>\(group)</legend>"), group)
        }
        for layer in layers {
            let code = try XCTUnwrap(layer["code"] as? String), name = try XCTUnwrap(layer["name"] as? String)
            XCTAssertTrue(dom.contains(TileExporterText.escaped(" \(code) · \(name)</label>")), "\(code) · \(name)")
        }
        // The year on a slider, showing the build's year.
        XCTAssertTrue(dom.contains(#"<input type="range" id="year""#), dom)
        XCTAssertTrue(dom.contains(#"<output id="year-label">2021</output>"#), dom)
        // Legends: numbers at the scale's decades, the unit after the bar; the percentile named.
        let top = try XCTUnwrap((manifest["tiles"] as? [String: Any])?["log10_density_max"] as? Double)
        let decade = Int(top.rounded(.down))
        XCTAssertTrue(dom.contains(">10<sup>\(decade)</sup></span>") || dom.contains(">1" + String(repeating: "0", count: max(0, decade)) + "</span>"), dom)
        XCTAssertTrue(dom.contains(#"</div><div class="unit">t CO₂e km⁻² yr⁻¹</div>"#), dom)
        XCTAssertTrue(dom.contains(#"<div class="unit">t CO₂ km⁻² yr⁻¹</div>"#), "the transfer legend has its numbers and unit too")
        XCTAssertTrue(dom.contains("99.9th percentile of the non-zero cells"), dom)
        // Country borders drawn as vector paths over the tiles.
        let overlay = try XCTUnwrap(dom.range(of: "leaflet-overlay-pane")).upperBound
        XCTAssertGreaterThan(dom[overlay...].components(separatedBy: "<path").count - 1, 100, "a path per country outline")
        // Every source credited with its licence.
        let attribution = String(dom[try XCTUnwrap(dom.range(of: "leaflet-control-attribution")).upperBound...])
        for credit in ["EDGAR v7.0 GHG emissions (EC JRC; Crippa et al.) — CC BY 4.0", "GPW v4.11 population count (CIESIN, SEDAC) — CC BY 4.0",
                       "WRI Global Power Plant Database v1.2.0 — CC BY 4.0", "Our World in Data consumption-based CO2 (Global Carbon Project) — CC BY 4.0",
                       "DCW-GMT 2.1.1 country borders (P. Wessel) — LGPL-3+", "Leaflet (viewer) — BSD-2-Clause"] {
            XCTAssertTrue(attribution.contains(credit), credit)
        }
    }
}

/// Text as Chromium serialises it in element content.
enum TileExporterText {
    static func escaped(_ text: String) -> String { text.replacingOccurrences(of: "&", with: "&amp;") }
}

/// Tiles of a national map on a projected grid: every cell's mass lands in the Web Mercator
/// pixel of its centre, checked against rasterio's own reprojection of the cell centres.
final class ProjectedTileTests: XCTestCase {
    func testNationalAlbersTilesPlaceEveryCellInItsPixel() throws {
        let folder = try TestSupport.temporaryFolder()
        let gridFile = folder.appendingPathComponent("japan-albers-5km.json").path
        try #"{"name": "japan-albers-5km", "crs": "+proj=aea +lat_0=0 +lon_0=137 +lat_1=30 +lat_2=42 +ellps=WGS84 +units=m +type=crs", "originX": -1200000, "originY": 5200000, "pixelWidth": 5000, "pixelHeight": -5000, "width": 480, "height": 460}"#
            .write(toFile: gridFile, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("jpn")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--countries", "JPN", "--grid", gridFile,
                                                                  "--formats", "cog,tiles", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try String(contentsOfFile: out.appendingPathComponent("tiles/index.html").path, encoding: .utf8)
        XCTAssertTrue(html.contains("map.fitBounds([[2"), "the viewer opens on Japan")
        let python = try TestSupport.python(requiring: "rasterio")
        let check = try TestSupport.run(python, ["-c", """
            import numpy as np, rasterio, rasterio.warp
            d = rasterio.open('\(out.path)/production.tif'); total = d.read(d.descriptions.index('total') + 1)
            rows, cols = np.nonzero(total)
            xs, ys = rasterio.transform.xy(d.transform, rows, cols, offset='center')
            lon, lat = rasterio.warp.transform(d.crs, 'EPSG:4326', xs, ys)
            lon = np.asarray(lon); lat = np.clip(np.asarray(lat), -85.0511287798, 85.0511287798)
            n = 256 * 4  # zoom 2
            px = np.clip(((lon + 180) / 360 * n).astype(int), 0, n - 1)
            py = np.clip(((1 - np.arcsinh(np.tan(np.radians(lat))) / np.pi) / 2 * n).astype(int), 0, n - 1)
            expected = set(zip(px.tolist(), py.tolist()))
            found = set()
            import os
            for tx in os.listdir('\(out.path)/tiles/total/2'):
                for name in os.listdir(f'\(out.path)/tiles/total/2/{tx}'):
                    ty = int(name[:-4]); idx = rasterio.open(f'\(out.path)/tiles/total/2/{tx}/{name}').read(1)
                    for r, c in zip(*np.nonzero(idx)): found.add((int(tx) * 256 + int(c), ty * 256 + int(r)))
            print(len(expected), len(expected ^ found))
            """])
        let f = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(f.count, 2, check.stdout + check.stderr)
        XCTAssertGreaterThan(f[0], 50, "Japan covers many zoom-2 pixels")
        XCTAssertEqual(f[1], 0, "opaque pixels are exactly the pixels of the cell centres with emissions")
    }
}
