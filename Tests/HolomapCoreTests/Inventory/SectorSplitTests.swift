import XCTest
import HolomapTestSupport
@testable import HolomapCore

final class SectorSplitTests: XCTestCase {
    /// The bundle's table splits EDGAR v7 2021 "Other sectors" as scripts/reference_split.py does
    /// from the raw CAIT and EDGAR (v7, v4.3.2) files; the parts sum to the original to 1e-9.
    func testDefaultBundleSplitMatchesRawCAITShares() throws {
        let edgar = try TestSupport.sharedFile("edgar-v7-ghg-by-sector/edgar_v7.0_ghg_by_sector_country_AR5_MtCO2eq_1970-2021.csv")
        let cait = try TestSupport.sharedFile("cait-ghg-by-sector/ghg-by-sector-cait-2021.csv.gz")
        let owid = try TestSupport.sharedFile("owid-co2/owid-co2-data.csv.gz")
        let python = try TestSupport.python(requiring: "csv")
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/reference_split.py").path
        let v432 = (try TestSupport.sharedFile("edgar-v432-national-by-sector/PROVENANCE.md") as NSString).deletingLastPathComponent
        let gwp = try TestSupport.sharedFile("gwp/globalwarmingpotentials.csv")
        let ref = try TestSupport.run(python, [script, edgar, cait, owid, "2021", v432, gwp])
        XCTAssertEqual(ref.status, 0, ref.stderr)
        let tablePath = TestSupport.repoRoot.appendingPathComponent("grids/default-bundle/sector-split-cait-2010-2018.csv").path
        let table = try SplitTable.parse(try String(contentsOfFile: tablePath, encoding: .utf8), file: tablePath)
        let sectors = ["1.B", "2", "3", "3.A", "3.C", "4"]
        XCTAssertEqual(table.sectors, sectors)
        let rows = ref.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertGreaterThan(rows.count, 180)
        var emissions: [Emission] = []
        for r in rows {
            emissions.append(Emission(iso3: r[0], year: 2021, sector: "5", gas: "GHG", tonnesCO2e: Double(r[1])! * 1e6))
            emissions.append(Emission(iso3: r[0], year: 2021, sector: "1.A.2", gas: "GHG", tonnesCO2e: 1))
        }
        let out = SectorSplit.split(emissions, sector: "5", table: table)
        XCTAssertTrue(out.unsplit.isEmpty)
        XCTAssertEqual(Set(out.split.map(\.shareYear)), [2018])
        var got: [String: Double] = [:]
        for e in out.emissions { got["\(e.iso3) \(e.sector)", default: 0] += e.tonnesCO2e }
        for r in rows {
            let original = Double(r[1])! * 1e6
            var sum = 0.0
            for (k, sector) in sectors.enumerated() {
                let expected = Double(r[3 + k])! * 1e6
                XCTAssertEqual(got["\(r[0]) \(sector)"] ?? 0, expected, accuracy: max(1e-9 * original, 1e-9), "\(r[0]) \(sector)")
                sum += got["\(r[0]) \(sector)"] ?? 0
            }
            XCTAssertEqual(sum, original, accuracy: 1e-9 * original, r[0])
            XCTAssertNil(got["\(r[0]) 5"], "\(r[0]) was split whole")
            XCTAssertEqual(got["\(r[0]) 1.A.2"], 1, "other sectors untouched")
        }
    }

    func testLatestYearAtOrBeforeAndCountriesWithoutShares() throws {
        let table = try SplitTable.parse("iso3,year,2,3\nAAA,2015,1,3\nAAA,2018,1,1\nAAA,2019,0,0\nBBB,2020,2,0\n", file: "t.csv")
        let emissions = [Emission(iso3: "AAA", year: 2016, sector: "5", gas: "GHG", tonnesCO2e: 8),
                         Emission(iso3: "AAA", year: 2021, sector: "5", gas: "GHG", tonnesCO2e: 8),   // 2019 is all zero: 2018
                         Emission(iso3: "AAA", year: 2021, sector: "3", gas: "GHG", tonnesCO2e: 1),   // meets a part: added
                         Emission(iso3: "BBB", year: 2019, sector: "5", gas: "GHG", tonnesCO2e: 5),   // no year ≤ 2019: kept
                         Emission(iso3: "CCC", year: 2021, sector: "5", gas: "GHG", tonnesCO2e: 7)]   // no row: kept
        let out = SectorSplit.split(emissions, sector: "5", table: table)
        XCTAssertEqual(out.emissions.map { "\($0.iso3) \($0.year) \($0.sector) \($0.tonnesCO2e)" },
                       ["AAA 2016 2 2.0", "AAA 2016 3 6.0", "AAA 2021 2 4.0", "AAA 2021 3 5.0", "BBB 2019 5 5.0", "CCC 2021 5 7.0"])
        XCTAssertEqual(out.split.map { "\($0.iso3) \($0.year) \($0.shareYear)" }, ["AAA 2016 2015", "AAA 2021 2018"])
        XCTAssertEqual(out.unsplit.map(\.iso3), ["BBB", "CCC"])
    }

    func testBadTableIsOneLineNamingThePlace() {
        XCTAssertThrowsError(try SplitTable.parse("iso3,year,2,3\nAAA,2015,1,-3\n", file: "t.csv")) {
            XCTAssertEqual("\($0)", "\(InputError.malformedInput(file: "t.csv", place: "line 2, column 3", reason: "'-3' is not a non-negative amount"))")
        }
        XCTAssertThrowsError(try SplitTable.parse("iso3,year,9.Z\n", file: "t.csv")) {
            XCTAssertTrue("\($0)".contains("'9.Z' is not a sector"), "\($0)")
        }
    }

    /// A table with a gas column splits each gas by its own shares; a gas without rows stays whole.
    func testAGasColumnGivesEachGasItsShares() throws {
        let table = try SplitTable.parse("iso3,year,gas,2,3.A\nAAA,2012,CH4,1,3\nAAA,2012,N2O,1,0\n", file: "t.csv")
        XCTAssertEqual(table.sectors, ["2", "3.A"])
        XCTAssertTrue(table.byGas)
        let emissions = [Emission(iso3: "AAA", year: 2021, sector: "NT", gas: "CH4", tonnesCO2e: 8),
                         Emission(iso3: "AAA", year: 2021, sector: "NT", gas: "N2O", tonnesCO2e: 5),
                         Emission(iso3: "AAA", year: 2021, sector: "NT", gas: "CO2", tonnesCO2e: 4)]
        let out = SectorSplit.split(emissions, sector: "NT", table: table)
        XCTAssertEqual(out.emissions.map { "\($0.sector) \($0.gas) \($0.tonnesCO2e)" }, ["2 CH4 2.0", "3.A CH4 6.0", "2 N2O 5.0", "NT CO2 4.0"])
        XCTAssertEqual(out.unsplit.map(\.gas), ["CO2"])
        XCTAssertThrowsError(try SplitTable.parse("iso3,year,gas,2\nAAA,2012,CH4,1\nAAA,2012,CH4,2\n", file: "t.csv")) {
            XCTAssertEqual("\($0)", "t.csv (line 3): AAA CH4 2012 appears twice")
        }
    }
}
