import Foundation
import XCTest
import HolomapTestSupport

/// `holomap adjustments` on the published accounts in ../shared/data: OWID's own 2022 figures
/// for China, the USA and Japan, and GCB's sign convention and MtC units.
final class AdjustmentTests: XCTestCase {
    func rows(_ source: String, _ relative: String, year: Int, countries: String) throws -> [String: [String]] {
        let out = try TestSupport.temporaryFolder().appendingPathComponent("adj.csv").path
        let run = try TestSupport.run(try TestSupport.holomap(), ["adjustments", "--source", source, "--data", try TestSupport.sharedFile(relative),
                                                                  "--year", "\(year)", "--countries", countries, "--out", out, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(lines.first, ["iso3", "year", "territorial", "consumption", "transfer", "adjustment_pct"])
        return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], $0) })
    }

    func testOWID2022ReproducesPublishedAdjustments() throws {
        let r = try rows("owid", "owid-co2/owid-co2-data.csv.gz", year: 2022, countries: "CHN,USA,JPN")
        XCTAssertEqual(try XCTUnwrap(Double(r["CHN"]![5])), -9.17, accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(Double(r["USA"]![5])), 11.10, accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(Double(r["JPN"]![5])), 15.86, accuracy: 0.005)
        // transfer = consumption − territorial = OWID's trade_co2 (−1040.811 Mt for China), to the
        // rounding of OWID's three columns (each to 0.001).
        XCTAssertEqual(try XCTUnwrap(Double(r["CHN"]![4])), -1040.811, accuracy: 0.002)
    }

    func testNumbersAreWrittenWithoutFloatNoise() throws {
        // OWID 2021 China: 11447.913 and 10400.611 Mt; their Float64 difference prints as
        // -1047.3019999999997, the CSV says -1047.302.
        let r = try rows("owid", "owid-co2/owid-co2-data.csv.gz", year: 2021, countries: "CHN,DEU")
        XCTAssertEqual(Array(r["CHN"]![2...4]), ["11447.913", "10400.611", "-1047.302"])
        XCTAssertEqual(r["DEU"]![4], "149.604")
        XCTAssertEqual(r["CHN"]![5], "-9.14840984553")
    }

    func testGCBIsConvertedFromMtCAndItsSignReversed() throws {
        // GCB 2020 China: territorial 2990.23, consumption 2738.37, transfers +251.836 MtC.
        let r = try rows("gcb", "gcb-2022-national/gcb2022_national_fossil_co2_territorial_consumption_transfers_MtC.csv", year: 2020, countries: "CHN,USA")
        XCTAssertEqual(try XCTUnwrap(Double(r["CHN"]![2])), 2990.23 * 44 / 12, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(Double(r["CHN"]![4])), (2738.37 - 2990.23) * 44 / 12, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(Double(r["USA"]![4])), (1418.5 - 1287.03) * 44 / 12, accuracy: 1e-6, "GCB names the USA by code")
    }

    func testMissingYearAndUnknownSourceFailClearly() throws {
        let owid = try TestSupport.sharedFile("owid-co2/owid-co2-data.csv.gz")
        let out = try TestSupport.temporaryFolder().appendingPathComponent("a.csv").path
        let missing = try TestSupport.run(try TestSupport.holomap(), ["adjustments", "--source", "owid", "--data", owid, "--year", "1700", "--out", out])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no territorial and consumption values for year 1700"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let unknown = try TestSupport.run(try TestSupport.holomap(), ["adjustments", "--source", "ceads", "--data", owid, "--year", "2022", "--out", out])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
    }
}
