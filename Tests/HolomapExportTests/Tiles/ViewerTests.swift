import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapExport

/// The viewer page: titles and labels are data, never markup or script.
final class ViewerTests: XCTestCase {
    let hostile = #"CO₂ </script><script>alert('x')</script> & "quoted""#

    func testJavaScriptStringsDecodeBackToTheTextAndCannotCloseTheScript() throws {
        for text in [hostile, "line\nbreak\r", #"back\slash"#, "\u{2028}\u{2029}", "1.A.1 · Energy industries"] {
            let literal = TileExporter.javaScriptString(text)
            XCTAssertFalse(literal.contains("<") || literal.contains(">"), literal)
            // JSON strings are a subset of JavaScript ones: a JSON decoder must read the literal back.
            let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
            XCTAssertEqual(decoded, text)
        }
    }

    func testHTMLEscapingLeavesNoMarkup() {
        let escaped = TileExporter.htmlEscaped(hostile)
        XCTAssertEqual(escaped, "CO₂ &lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
    }

    func testViewerPageCarriesTitleAndLabelsAsText() throws {
        do { try TileExporter.checkViewerAssets() } catch { throw XCTSkip("needs Debian's libjs-leaflet: \(error)") }
        let folder = try TestSupport.temporaryFolder()
        let page = TileExporter.ViewerPage(
            title: hostile,
            layers: [.init(code: "total", label: hostile, group: hostile, folders: ["total-2021", "total-2022"]),
                     .init(code: "1.A.1", label: "1.A.1 · Energy industries", group: "Production by sector", folders: ["1.A.1-2021", "1.A.1-2022"])],
            years: [2021, 2022], opensOn: ("total", 1), maxZoom: 3, scale: TileExporter.Scale(log10Min: -2, log10Max: 3),
            scaleNote: hostile, credits: [.init(source: hostile, licence: "CC BY 4.0")], borders: #"{"type":"FeatureCollection","features":[]}"#)
        try TileExporter.writeViewer(folder: folder, page: page)
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 3, "only leaflet.js, borders.js and the page's own script: \(html)")
        XCTAssertTrue(html.contains("<title>CO₂ &lt;/script&gt;"), html)
        XCTAssertTrue(html.contains(#"{code: "1.A.1", label: "1.A.1 · Energy industries", group: "Production by sector", diverging: false, folders: ["1.A.1-2021", "1.A.1-2022"]}"#), html)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("leaflet/leaflet.js").path))
        let borders = try String(contentsOf: folder.appendingPathComponent("borders.js"), encoding: .utf8)
        XCTAssertEqual(borders, "var holomapBorders = {\"type\":\"FeatureCollection\",\"features\":[]};\n")
    }

    /// Every decade of the legend sits where the tiles draw that density: the tick's place along
    /// the 255-column bar is the column of the palette index `paletteIndex` gives it.
    func testLegendTicksSitWhereTheTilesDrawTheirDensity() {
        let scale = TileExporter.Scale(log10Min: -1.53, log10Max: 3.47)
        let ticks = TileExporter.sequentialTicks(scale)
        XCTAssertEqual(ticks.map(\.label), ["0.1", "1", "10", "100", "1000"])
        for (tick, k) in zip(ticks, -1...3) {
            let index = TileExporter.paletteIndex(mass: pow(10, Double(k)), log10PixelArea: 0, scale: scale)
            XCTAssertEqual(tick.at * 255, Double(index) - 0.5, accuracy: 0.5, "10^\(k)")
        }
        let signed = TileExporter.divergingTicks(scale)
        XCTAssertEqual(signed.map(\.label), ["−1000", "−10", "−0.1", "0", "0.1", "10", "1000"])
        for tick in signed where tick.label != "0" {
            let negative = tick.label.hasPrefix("−")
            let magnitude = Double(tick.label.replacingOccurrences(of: "−", with: ""))!
            let index = TileExporter.signedPaletteIndex(mass: negative ? -magnitude : magnitude, log10PixelArea: 0, scale: scale)
            XCTAssertEqual(tick.at * 255, Double(index) - 0.5, accuracy: 0.5, tick.label)
        }
        XCTAssertEqual(TileExporter.decadeLabel(6), "10<sup>6</sup>")
        XCTAssertEqual(TileExporter.decadeLabel(-4), "10<sup>-4</sup>")
    }

    /// The scale's top is the 99.9th percentile of the non-zero cells (nearest rank), not the
    /// densest one: checked against a sort of the same densities.
    func testScaleTopIsAHighPercentileNotThePeak() throws {
        var generator = SystemRandomNumberGenerator()
        var densities = (0..<20_000).map { _ in pow(10, Double.random(in: -3...4, using: &generator)) }
        densities += [1e9, 0, 0, .nan]   // one outlier, zeros and NoData
        var histogram = DensityHistogram()
        for d in densities { histogram.add(d) }
        let valid = densities.filter { $0 > 0 }.sorted()
        XCTAssertEqual(histogram.cells, UInt64(valid.count))
        let rank = Int((Double(valid.count) * 0.999).rounded(.up))
        let expected = log10(valid[rank - 1])
        let top = try XCTUnwrap(histogram.log10Percentile())
        XCTAssertGreaterThanOrEqual(top, expected)
        XCTAssertLessThanOrEqual(top, expected + 0.01, "within one bin of 0.01 decade")
        XCTAssertEqual(log10(histogram.peak), 9, accuracy: 1e-12)
        XCTAssertEqual(TileExporter.scale(histogram).log10Max, top)
        XCTAssertEqual(TileExporter.scale(histogram).log10Min, top - 5, accuracy: 1e-12)
    }

    /// Borders: simplified within the tolerance, closed, cut at the antimeridian, and tiny
    /// islands dropped.
    func testBorderLinesAreSimplifiedAndCutAtTheAntimeridian() throws {
        // A square with a nearly straight edge of many points.
        let edge = (0...100).map { Point(x: Double($0) / 10, y: 0.001 * sin(Double($0))) }
        let square = edge + [Point(x: 10, y: 10), Point(x: 0, y: 10)]
        let lines = BorderLines.lines(square, tolerance: 0.01)
        XCTAssertEqual(lines.count, 1)
        XCTAssertEqual(lines[0].first, lines[0].last, "closed")
        XCTAssertEqual(lines[0].count, 5, "the wobbly edge is one segment: \(lines[0])")
        for p in square {   // every dropped point lies within the tolerance of the kept line
            let d = zip(lines[0], lines[0].dropFirst()).map { BorderLines.segmentDistance(p, $0, $1) }.min()!
            XCTAssertLessThanOrEqual(d, 0.01)
        }
        let across = [Point(x: 179, y: 0), Point(x: 179.5, y: 1), Point(x: -179.5, y: 1), Point(x: -179, y: 0)]
        XCTAssertEqual(BorderLines.lines(across, tolerance: 0.01).count, 2, "cut where it jumps across 180°")
        XCTAssertTrue(BorderLines.lines([Point(x: 0, y: 0), Point(x: 0.001, y: 0), Point(x: 0, y: 0.001)], tolerance: 0.01).isEmpty)
        XCTAssertEqual([12.345_67, -0.5, -0.000_04, 3, 0.000_1, -179.999_99].map(BorderLines.number),
                       ["12.3457", "-0.5", "0", "3", "0.0001", "-180"])
        let json = BorderLines.geoJSON([.init(code: "XKX", name: "Kosovo", rings: [square])], tolerance: 0.01)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let feature = (object["features"] as! [[String: Any]])[0]
        XCTAssertEqual((feature["properties"] as! [String: String])["iso3"], "XKX")
        XCTAssertEqual(((feature["geometry"] as! [String: Any])["coordinates"] as! [[[Double]]])[0].count, 5)
    }
}
