import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapJobs

/// `layers:` in the config: an enum list of at least one family, a chosen family needing its
/// section; the families left out are taken out of the config before the build reads anything,
/// and production left out writes no sector, bunkers or total layer.
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
        XCTAssertThrowsError(try chosen.keeping([.natural])) {
            XCTAssertEqual("\($0)".contains("layers: natural needs a natural: section in the config"), true, "\($0)")
        }
        // Production can be left out: the config keeps its inventory (the other layers are spread like it).
        let consumptionOnly = try config("layers: [consumption]").0
        XCTAssertFalse(consumptionOnly.writesProduction)
        XCTAssertTrue(chosen.writesProduction)
        XCTAssertNotNil(try consumptionOnly.keeping([.consumption]).consumption)
        for (text, expected) in [("layers: [production, bunkers]", "(key layers.[1]): unknown value 'bunkers' (known: production, consumption, trade, natural)"),
                                 ("layers: []", "(key layers): choose at least one family; known: production, consumption, trade, natural")] {
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
        for (value, expected) in [("production,bunkers", "invalid for '--layers <layers>'. Please provide one of 'production', 'consumption', 'trade' or 'natural'")] {
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

    /// `--layers consumption` without production: the consumption side and the production CO2 it
    /// is compared with, no sector, bunkers or total layer; the scale and extent come from what is written.
    func testBuildWithoutTheProductionFamily() throws {
        let out = try TestSupport.temporaryFolder().appendingPathComponent("out")
        let run = try TestSupport.run(try TestSupport.holomap(), ["build", "--grid", "global-1", "--formats", "cog,tiles", "--layers", "consumption",
                                                                  "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        try ManifestReader.assertMatchesSchema(out)
        let m = try ManifestReader.load(out)
        let codes = try XCTUnwrap(m["layers"] as? [[String: Any]]).compactMap { $0["code"] as? String }
        XCTAssertEqual(codes, ["production_co2", "consumption", "consumption_minus_production"])
        XCTAssertNotNil(m["consumption"])
        XCTAssertNil(m["natural"])
        // The inventory is still gridded and every country's items accounted for.
        XCTAssertFalse(try XCTUnwrap(m["production"] as? [String: Any]).isEmpty)
        let viewer = try String(contentsOf: out.appendingPathComponent("tiles/index.html"), encoding: .utf8)
        XCTAssertTrue(viewer.contains("percentile of the non-zero cells of every layer"), viewer)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("tiles/consumption/0/0/0.png").path))
    }
}
