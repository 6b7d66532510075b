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
        try TileExporter.writeViewer(folder: folder, layers: [.init(folder: "total", label: hostile), .init(folder: "1.A.1", label: "1.A.1 · Energy industries")],
                                     maxZoom: 3, scale: TileExporter.Scale(log10Min: -2, log10Max: 4), title: hostile)
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 2, "only leaflet.js and the page's own script: \(html)")
        XCTAssertTrue(html.contains("<title>CO₂ &lt;/script&gt;"), html)
        XCTAssertTrue(html.contains(#""1.A.1 · Energy industries": L.tileLayer("1.A.1/{z}/{x}/{y}.png""#), html)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("leaflet/leaflet.js").path))
    }
}
