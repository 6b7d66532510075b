import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import HolomapTestSupport

/// `holomap report`: from a script, no prompt; tables whose numbers are the published ones;
/// the flows between major regions from an MRIO; a missing year stops it with nothing written.
final class ReportTests: XCTestCase {
    func holomap(_ args: [String]) throws -> TestSupport.Output { try TestSupport.run(try TestSupport.holomap(), args) }

    func testReportFromTheBundleWithWIODFlows() throws {
        let wiod = try TestSupport.sharedFile("wiod-mrio")
        let gcb = try TestSupport.sharedFile("gcb-2022-national/gcb2022_national_fossil_co2_territorial_consumption_transfers_MtC.csv")
        let out = try TestSupport.temporaryFolder().appendingPathComponent("report")
        let run = try holomap(["report", "--years", "2021,2022", "--out", out.path, "--mrio-dir", wiod, "--mrio-format", "wiod", "--mrio-year", "2009",
                               "--territorial", gcb])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(TestSupport.files(in: out), [".holomap-output", "accounts.csv", "adjustments.svg", "changes.csv", "flows.csv", "flows.svg", "report.html", "report.md",
                                                    "territorial-consumption.svg", "top-movers.csv"])
        // The bundle's OWID extract: China 2022 −9.17 %, as published.
        let accounts = try String(contentsOf: out.appendingPathComponent("accounts.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let china2022 = try XCTUnwrap(accounts.first { $0[0] == "CHN" && $0[1] == "2022" })
        XCTAssertEqual(try XCTUnwrap(Double(china2022[5])), -9.17, accuracy: 0.005)
        // Changes are the differences of the two years' rows.
        let china2021 = try XCTUnwrap(accounts.first { $0[0] == "CHN" && $0[1] == "2021" })
        let changes = try String(contentsOf: out.appendingPathComponent("changes.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let chinaChange = try XCTUnwrap(changes.first { $0[0] == "CHN" })
        XCTAssertEqual(Double(chinaChange[5])!, Double(china2022[4])! - Double(china2021[4])!, accuracy: 1e-9)
        // Top movers: sorted by the size of the transfer change.
        let movers = try String(contentsOf: out.appendingPathComponent("top-movers.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map { abs(Double($0.split(separator: ",")[4])!) }
        XCTAssertEqual(movers.count, 10)
        XCTAssertEqual(movers, movers.sorted(by: >))
        // Flows between major regions add up to the world's territorial total of the MRIO (GCB 2009, less bunkers).
        let flows = try String(contentsOf: out.appendingPathComponent("flows.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(flows.count, 49, "7 × 7 major regions")
        let world = flows.reduce(0) { $0 + Double($1[2])! }
        XCTAssertEqual(world, (8614.64 - 277.527) * 44 / 12, accuracy: 1e-6 * world)
        let chinaToUSA = try XCTUnwrap(flows.first { $0[0] == "CHN" && $0[1] == "USA" })
        XCTAssertGreaterThan(Double(chinaToUSA[2])!, 100, "China's emissions for US final demand, Mt CO2")
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("![Adjustments](adjustments.svg)") && md.contains("| CHN |"))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<img src=\"flows.svg\"") && html.contains("<td>CHN</td>"))
        // SVG charts parse as XML.
        for chart in ["adjustments.svg", "territorial-consumption.svg", "flows.svg"] {
            XCTAssertNoThrow(try XMLDocument(contentsOf: out.appendingPathComponent(chart)), chart)
        }
        // Without --overwrite an existing report is kept.
        let again = try holomap(["report", "--years", "2022", "--out", out.path, "--quiet"])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("exists; pass --overwrite"), again.stderr)
    }

    func testMissingYearFailsWithNothingWritten() throws {
        let folder = try TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("report")
        let run = try holomap(["report", "--years", "2021,2031", "--out", out.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("no territorial and consumption values for year 2031"), run.stderr)
        XCTAssertEqual(TestSupport.files(in: folder), [], "no partial report")
        let bad = try holomap(["report", "--years", "2021,x", "--out", out.path])
        XCTAssertEqual(bad.status, 64, bad.stderr)
    }

    /// With a `holomap natural` CSV: each country's balance, panoramic net = territorial + natural net,
    /// territorial read here from the bundle's OWID extract; a CSV in the wrong unit is refused.
    func testNationalBalanceAddsTheNaturalNet() throws {
        let folder = try TestSupport.temporaryFolder()
        let natural = folder.appendingPathComponent("natural.csv").path
        try """
        iso3,year,component,value,unit
        CHN,2021,land_sink,-890.5,Mt CO2/yr
        CHN,2021,natural_net,-799.25,Mt CO2/yr
        BRA,2021,natural_net,33.5,Mt CO2/yr
        BRA,2021,fire_ch4,1.5,Mt CH4/yr
        WORLD,2021,natural_net,-7576,Mt CO2/yr

        """.write(toFile: natural, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("report")
        let run = try holomap(["report", "--years", "2021", "--countries", "CHN,BRA,USA", "--natural", natural, "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        var territorial: [String: Double] = [:]
        let owid = try String(contentsOfFile: TestSupport.repoRoot.appendingPathComponent("grids/default-bundle/owid-co2-2010-2022.csv").path, encoding: .utf8)
        let lines = owid.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let (iso, year, co2) = (lines[0].firstIndex(of: "iso_code")!, lines[0].firstIndex(of: "year")!, lines[0].firstIndex(of: "co2")!)
        for f in lines.dropFirst() where f[year] == "2021" { territorial[f[iso]] = Double(f[co2]) }
        let balance = try String(contentsOf: out.appendingPathComponent("balance.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(balance.first, "iso3,year,territorial,consumption,natural_net,panoramic_net")
        var rows: [String: [String]] = [:]
        for line in balance.dropFirst() { let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init); rows[f[0]] = f }
        XCTAssertEqual(Set(rows.keys), ["BRA", "CHN", "USA"])
        for (code, net) in [("CHN", -799.25), ("BRA", 33.5)] {
            let f = try XCTUnwrap(rows[code])
            XCTAssertEqual(Double(f[2])!, try XCTUnwrap(territorial[code]), accuracy: 1e-9)
            XCTAssertEqual(Double(f[4]), net)
            XCTAssertEqual(Double(f[5])!, territorial[code]! + net, accuracy: 1e-9)
        }
        XCTAssertEqual(rows["USA"]?[4], "", "no natural row: left empty, not 0")
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("## National balance, 2021"), md)
        XCTAssertTrue(md.contains(String(format: "| CHN | %.1f |", territorial["CHN"]!)), md)

        try "iso3,year,component,value,unit\nCHN,2021,natural_net,-799,Gt CO2/yr\n".write(toFile: natural, atomically: true, encoding: .utf8)
        let again = folder.appendingPathComponent("again")
        let bad = try holomap(["report", "--years", "2021", "--natural", natural, "--out", again.path, "--quiet"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
                       "holomap: \(natural) (line 2, column unit): 'Gt CO2/yr' is not Mt CO2/yr")
        XCTAssertFalse(FileManager.default.fileExists(atPath: again.path), "nothing written")
    }
}
