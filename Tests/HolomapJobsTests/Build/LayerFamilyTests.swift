import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapJobs

/// `layers:` in the config: an enum list, production always among it, a chosen family needing
/// its section; the families left out are taken out of the config before the build reads anything.
final class LayerFamilyTests: XCTestCase {
    func config(_ layers: String) throws -> (BuildConfig, String) {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("config.yaml").path
        try """
        year: 2021
        grid: global-1
        inventory: {path: inventory.csv, format: generic}
        gwp: {table: gwp.csv, set: AR5GWP100}
        consumption: {path: owid.csv, source: owid}
        \(layers)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return (try BuildConfig.load(path), path)
    }

    func testLayersKeyIsAnEnumListWithProduction() throws {
        XCTAssertNil(try config("").0.layers, "default: every family the config has")
        let (chosen, _) = try config("layers: [production]")
        XCTAssertEqual(chosen.layers, [.production])
        let kept = try chosen.keeping([.production])
        XCTAssertNil(kept.consumption, "consumption left out: its file is not read")
        XCTAssertNotNil(try chosen.keeping([.production, .consumption]).consumption)
        XCTAssertThrowsError(try chosen.keeping([.production, .trade])) {
            XCTAssertEqual("\($0)".contains("layers: trade needs a trade: section in the config"), true, "\($0)")
        }
        for (text, expected) in [("layers: [production, bunkers]", "(key layers.[1]): unknown value 'bunkers' (known: production, consumption, trade)"),
                                 ("layers: [consumption]", "(key layers): production cannot be left out")] {
            do { _ = try config(text); XCTFail(text) } catch {
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
    }

    func testBuildWithoutTheConsumptionFamilyWritesNoConsumptionSide() throws {
        let out = try TestSupport.temporaryFolder().appendingPathComponent("out")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--formats", "cog", "--layers", "production",
                                                                  "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try ManifestReader.load(out)
        let codes = try XCTUnwrap(m["layers"] as? [[String: Any]]).compactMap { $0["code"] as? String }
        XCTAssertEqual(codes, ["1.A.1.a", "1.A.2", "1.A.3", "1.A.3.a", "1.A.3.b", "1.A.3.c", "1.A.3.d", "1.A.3.e", "1.A.4", "1.B", "2", "3.A", "3.C", "4", "5", "bunkers", "total"])
        XCTAssertNil(m["consumption"]); XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("consumption.tif").path))
        XCTAssertFalse(try XCTUnwrap(m["inputs"] as? [[String: Any]]).contains { $0["role"] as? String == "consumption" })
        // An unknown family, or production left out: one line listing the known ones, nothing written.
        let folder = try TestSupport.temporaryFolder()
        for (value, expected) in [("production,bunkers", "invalid for '--layers <layers>'. Please provide one of 'production', 'consumption' or 'trade'"), ("consumption", "--layers: production cannot be left out")] {
            let bad = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--layers", value, "--out", folder.appendingPathComponent("x").path])
            XCTAssertNotEqual(bad.status, 0)
            XCTAssertTrue(bad.stderr.contains(expected), bad.stderr)
            XCTAssertEqual(TestSupport.files(in: folder), [])
        }
        // The default bundle has no trade section: asking for trade is an error, not silence.
        let trade = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--layers", "production,trade", "--out", folder.appendingPathComponent("y").path])
        XCTAssertNotEqual(trade.status, 0)
        XCTAssertTrue(trade.stderr.contains("layers: trade needs a trade: section in the config"), trade.stderr)
    }
}
