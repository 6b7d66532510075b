import Foundation
import XCTest
import HolomapTestSupport

/// The `holomap` executable as a user runs it: exit codes, one-line errors, no partial output.
final class CLITests: XCTestCase {
    func holomap(_ args: [String]) throws -> TestSupport.Output {
        try TestSupport.run(try TestSupport.holomap(), args)
    }

    func testVersionNamesTheLinkedLibraries() throws {
        let out = try holomap(["--version"])
        XCTAssertEqual(out.status, 0)
        for needle in ["holomap 0.1.0", "GDAL 3.", "PROJ 9.", "netCDF 4.", "libpng 1.6", "zstd 1."] {
            XCTAssertTrue(out.stdout.contains(needle), "missing \(needle) in \(out.stdout)")
        }
        XCTAssertTrue(out.stdout.hasSuffix("\n"), "ends with a newline")
        // The versions are the linked libraries', as their own tools report them.
        let gdal = try TestSupport.run("/usr/bin/gdal-config", ["--version"])
        if gdal.status == 0 { XCTAssertTrue(out.stdout.contains("GDAL \(gdal.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"), out.stdout) }
    }

    /// Each bad input: non-zero exit, one line on stderr naming the input and the problem, and
    /// nothing left in the output folder.
    func assertFails(_ args: [String], mentions needles: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = try TestSupport.temporaryFolder()
        let out = try holomap(args.map { $0.replacingOccurrences(of: "OUT", with: folder.path) } + ["--quiet"])
        XCTAssertNotEqual(out.status, 0, "expected failure: \(args)", file: file, line: line)
        let lines = out.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line expected, got: \(out.stderr)", file: file, line: line)
        for needle in needles {
            XCTAssertTrue(out.stderr.contains(needle), "'\(needle)' not in: \(out.stderr)", file: file, line: line)
        }
        XCTAssertEqual(TestSupport.files(in: folder), [], "partial output left behind", file: file, line: line)
    }

    func testBadInputsGetOneClearLine() throws {
        let folder = try TestSupport.temporaryFolder()
        let noId = folder.appendingPathComponent("noid.geojson").path
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAME":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#
            .write(toFile: noId, atomically: true, encoding: .utf8)
        let corrupt = folder.appendingPathComponent("corrupt.geojson").path
        try #"{"type":"FeatureCollection","features":[{"#.write(toFile: corrupt, atomically: true, encoding: .utf8)
        let badCRS = folder.appendingPathComponent("badcrs.json").path
        try #"{"name":"bad","crs":"EPSG:123456789","originX":0,"originY":0,"pixelWidth":1,"pixelHeight":-1,"width":10,"height":10}"#
            .write(toFile: badCRS, atomically: true, encoding: .utf8)
        let truncatedNC = folder.appendingPathComponent("dcw-truncated.nc").path
        if let dcw = FileManager.default.contents(atPath: "/usr/share/gmt-dcw/dcw-gmt.nc") {
            try dcw.prefix(65536).write(to: URL(fileURLWithPath: truncatedNC))
        }

        try assertFails(["coverage", "--boundaries", "/nonexistent/countries.geojson", "--id-field", "ISO_A3", "--country", "FRA", "--out", "OUT/c.tif"],
                        mentions: ["/nonexistent/countries.geojson", "no such file"])
        try assertFails(["coverage", "--boundaries", noId, "--id-field", "ISO_A3", "--country", "FRA", "--out", "OUT/c.tif"],
                        mentions: [noId, "no field 'ISO_A3'"])
        try assertFails(["coverage", "--grid", badCRS, "--country", "FRA", "--out", "OUT/c.tif"],
                        mentions: ["EPSG:123456789", "not recognised by PROJ"])
        try assertFails(["coverage", "--grid", "global-7", "--country", "FRA", "--out", "OUT/c.tif"],
                        mentions: ["global-7", "not a preset"])
        try assertFails(["coverage", "--country", "FRA,XYZ", "--out", "OUT/c.tif"],
                        mentions: ["dcw-gmt.nc", "unknown country code 'XYZ'"])
        try assertFails(["coverage", "--boundaries", truncatedNC, "--country", "ZAF", "--out", "OUT/c.tif"],
                        mentions: [truncatedNC, "not a readable netCDF file"])
        try assertFails(["coverage", "--boundaries", corrupt, "--id-field", "ISO_A3", "--country", "FRA", "--out", "OUT/c.tif"],
                        mentions: [corrupt, "not a readable vector file"])
        try assertFails(["coverage", "--country", "ZAF", "--out", "OUT/c.jpg"], mentions: ["c.jpg", "unknown format"])
        // Settings that would be ignored are refused: an id field for DCW-GMT.
        try assertFails(["build", "--grid", "global-1", "--id-field", "ADM0_A3", "--out", "OUT/b"],
                        mentions: ["config.yaml", "key id_field", "id_field applies to vector boundaries, not to dcw"])
        try assertFails(["coverage", "--country", "ZAF", "--out", "/nonexistent-folder/c.tif"], mentions: ["/nonexistent-folder", "does not exist"])
    }

    func testOverwriteIsRequiredToReplaceOutputs() throws {
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("c.tif").path
        XCTAssertEqual(try holomap(["coverage", "--grid", "global-1", "--country", "LSO", "--out", out, "--quiet"]).status, 0)
        let again = try holomap(["coverage", "--grid", "global-1", "--country", "LSO", "--out", out, "--quiet"])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("exists; pass --overwrite"), again.stderr)
        XCTAssertEqual(try holomap(["coverage", "--grid", "global-1", "--country", "LSO", "--out", out, "--overwrite", "--quiet"]).status, 0)
        XCTAssertEqual(TestSupport.files(in: folder), ["c.tif"])
    }

    func testCOGBandsAreNamedByCountry() throws {
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("c.tif").path
        let run = try holomap(["coverage", "--grid", "global-0.5", "--country", "ZAF,LSO", "--out", out])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("coverage: 2/2"), "progress goes to stderr")
        XCTAssertEqual(run.stdout, "")
        let info = try TestSupport.run("/usr/bin/gdalinfo", [out]).stdout
        XCTAssertTrue(info.contains("Description = ZAF"), info)
        XCTAssertTrue(info.contains("Description = LSO"), info)
        XCTAssertTrue(info.contains("LAYOUT=COG"), info)
    }

    /// Natural Earth 1:50m at 0.1°: every cell of every country within 1e-6 of exactextract, and
    /// Σ fraction × cell area within 0.5% of the geodesic polygon area for countries over 100 cells.
    func testNaturalEarth50mMatchesExactextractAndGeodesicAreas() throws {
        let ne = try TestSupport.sharedFile("natural-earth/ne_50m_admin_0_countries.geojson.gz")
        let vector = "/vsigzip/" + ne
        let folder = try TestSupport.temporaryFolder()
        let cells = folder.appendingPathComponent("cells.csv").path, summary = folder.appendingPathComponent("summary.csv").path
        let run = try holomap(["coverage", "--boundaries", vector, "--id-field", "ADM0_A3", "--grid", "global-0.1",
                               "--country", "all", "--cells", cells, "--summary", summary, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)

        let rows = try String(contentsOfFile: summary, encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 241)
        var checked = 0
        for row in rows {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard let cellCount = Int(f[1]), cellCount > 100 else { continue }
            let covered = Double(f[2])!, polygon = Double(f[3])!
            XCTAssertEqual(covered / polygon, 1, accuracy: 0.005, "\(f[0])")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 150)

        let python = try TestSupport.python(requiring: "exactextract")
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/exactextract_coverage.py").path
        let grid = TestSupport.repoRoot.appendingPathComponent("grids/global-0.1.json").path
        let peer = try TestSupport.run(python, [script, vector, "ADM0_A3", grid, "--compare", cells])
        XCTAssertEqual(peer.status, 0, peer.stderr)
        guard let field = peer.stdout.split(separator: " ").first(where: { $0.hasPrefix("max_abs_diff=") }),
              let maxDiff = Double(field.dropFirst("max_abs_diff=".count)) else {
            return XCTFail("no max_abs_diff in: \(peer.stdout)")
        }
        XCTAssertTrue(peer.stdout.contains("features=241"), peer.stdout)
        XCTAssertLessThanOrEqual(maxDiff, 1e-6, peer.stdout)
    }
}
