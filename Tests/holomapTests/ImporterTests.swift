import Foundation
import XCTest
import HolomapTestSupport

/// Each importer on the real files of ../shared/data, through `holomap build`, checked against
/// sums computed from the raw files by Python's csv module.
final class ImporterTests: XCTestCase {
    func build(_ format: String, _ relative: String, year: Int, skipInvalid: Bool = false) throws -> [String: Any] {
        let path = try TestSupport.sharedFile(relative)
        let out = try TestSupport.temporaryFolder().appendingPathComponent(format)
        var args = ["build", "--grid", "global-1", "--formats", "cog", "--inventory", path, "--inventory-format", format,
                    "--year", "\(year)", "--out", out.path, "--quiet"]
        if skipInvalid { args.append("--skip-invalid") }
        let run = try TestSupport.run(try TestSupport.holomap(), args)
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try ManifestReader.load(out)
        for row in try ManifestReader.productionTotals(m) {
            let input = row["input"] as! Double, gridded = row["gridded"] as! Double
            XCTAssertEqual(gridded, input, accuracy: abs(input) * 1e-9)
        }
        return m
    }

    /// A country's input (t CO2e), of one sector and gas when given.
    func total(_ m: [String: Any], _ iso3: String, sector: String? = nil, gas: String? = nil) -> Double? {
        (try? ManifestReader.total(m, iso3: iso3, sector: sector, gas: gas))??.input
    }

    /// Python's csv module over the raw file: Σ of `column` where `filter` holds.
    func pythonSum(_ relative: String, filter: String, column: String) throws -> Double {
        let python = try TestSupport.python(requiring: "csv")
        let path = try TestSupport.sharedFile(relative)
        let out = try TestSupport.run(python, ["-c", "import csv,gzip;p='\(path)';f=gzip.open(p,'rt') if p.endswith('.gz') else open(p);print(repr(sum(float(r['\(column)'] or 0) for r in csv.DictReader(f) if \(filter))))"])
        return try XCTUnwrap(Double(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), out.stderr)
    }

    func testEDGAR432WithBunkersAndFormerCodes() throws {
        let file = "edgar-v432-national-by-sector/edgar_v432_co2_by_country_ipcc1996_1970-2012.csv.gz"
        // Strict mode: every row is accepted; the former codes ANT (Netherlands Antilles) and SCG
        // (Serbia and Montenegro) are spread over their successors' boundaries.
        let m = try build("edgar", file, year: 2012)
        XCTAssertEqual((m["composites"] as? [[String: Any]])?.map { $0["iso3"] as? String }, ["ANT", "SCG"])
        let antilles = try pythonSum(file, filter: "r['ISO_A3']=='ANT'", column: "2012")
        XCTAssertEqual(try XCTUnwrap(total(m, "ANT")), antilles * 1e3, accuracy: antilles * 1e3 * 1e-12)
        let china = try pythonSum(file, filter: "r['ISO_A3']=='CHN'", column: "2012")  // Gg
        XCTAssertEqual(try XCTUnwrap(total(m, "CHN")), china * 1e3, accuracy: china * 1e3 * 1e-12)
        // 1A1a → 1.A.1.a (power plants), 1A1bc → 1.A.1.bc (refineries, solid fuels)
        let power = try pythonSum(file, filter: "r['ISO_A3']=='USA' and r['IPCC']=='1A1a'", column: "2012")
        XCTAssertEqual(try XCTUnwrap(total(m, "USA", sector: "1.A.1.a", gas: "CO2")), power * 1e3, accuracy: power * 1e-9)
        let refineries = try pythonSum(file, filter: "r['ISO_A3']=='USA' and r['IPCC']=='1A1bc'", column: "2012")
        XCTAssertEqual(try XCTUnwrap(total(m, "USA", sector: "1.A.1.bc", gas: "CO2")), refineries * 1e3, accuracy: refineries * 1e-9)
        // 1C1 and 1C2 (bunkers) go to the bunkers layer in full, booked under AIR and SEA.
        let aviation = try pythonSum(file, filter: "r['IPCC']=='1C1'", column: "2012"), shipping = try pythonSum(file, filter: "r['IPCC']=='1C2'", column: "2012")
        XCTAssertEqual(try XCTUnwrap(total(m, "AIR", sector: "M.1.A.3.a.i", gas: "CO2")), aviation * 1e3, accuracy: aviation * 1e-9)
        XCTAssertEqual(try XCTUnwrap(total(m, "SEA", sector: "M.1.A.3.d.i", gas: "CO2")), shipping * 1e3, accuracy: shipping * 1e-9)
        let bunkers = try XCTUnwrap((m["bunkers"] as? [String: Any])?["years"] as? [[String: Any]]).first
        XCTAssertEqual(try XCTUnwrap(bunkers?["gridded"] as? Double), (aviation + shipping) * 1e3, accuracy: (aviation + shipping) * 1e-6)
        XCTAssertEqual(ManifestReader.skippedRows(m), [:])
    }

    func testUNFCCCCRFAnnexI() throws {
        let file = "unfccc-ghg-inventories/annex-one-sectors-1990-2019.csv.gz"
        let m = try build("crf", file, year: 2019)
        let jpnCO2 = try pythonSum(file, filter: "r['Party']=='Japan' and r['Gas']=='CO₂' and r['Category'] in ('1. Energy','2. Industrial Processes and Product Use','3. Agriculture','4. Land Use, Land-Use Change and Forestry','5. Waste','6. Other')", column: "2019")
        // Energy = 1.A + 1.B + 1.C; the importer reads the 1.A.x leaves, so the sums agree.
        XCTAssertEqual(try XCTUnwrap(total(m, "JPN", gas: "CO2")), jpnCO2 * 1e3, accuracy: abs(jpnCO2) * 1e3 * 1e-6)
        XCTAssertNotNil(total(m, "GBR"), "United Kingdom of Great Britain and Northern Ireland → GBR")
        XCTAssertNil(total(m, "EUU"))
        XCTAssertLessThan(try XCTUnwrap(total(m, "RUS", sector: "3.B", gas: "CO2")), 0, "LULUCF is a net sink in Russia")
    }

    func testCAITByName() throws {
        let file = "cait-ghg-by-sector/co2-by-sector-cait-2021.csv.gz"
        let m = try build("cait", file, year: 2018)
        let columns = ["Electricity and heat", "Manufacturing and construction", "Transport", "Buildings", "Other fuel combustion",
                       "Fugitive emissions", "Industry", "Land-use change and forestry"]
        var expected = 0.0
        for column in columns { expected += try pythonSum(file, filter: "r['Country']=='Russia' and r['Year']=='2018'", column: column) }
        XCTAssertEqual(try XCTUnwrap(total(m, "RUS")), expected * 1e6, accuracy: abs(expected) * 1e6 * 1e-9, "Russia → RUS by alias")
        XCTAssertNotNil(total(m, "CIV"), "Cote d'Ivoire → CIV by alias")
    }

    func testEDGARv7FiveSectorsDriveThePowerPlantProxy() throws {
        let file = "edgar-v7-ghg-by-sector/edgar_v7.0_ghg_by_sector_country_AR5_MtCO2eq_1970-2021.csv"
        let m = try build("edgar7", file, year: 2021)
        let power = try pythonSum(file, filter: "r['EDGAR Country Code']=='CHN' and r['Sector']=='Power Industry'", column: "2021")
        XCTAssertEqual(try XCTUnwrap(total(m, "CHN", sector: "1.A.1.a", gas: "GHG")), power * 1e6, accuracy: power * 1e6 * 1e-12)
        // Former codes (Netherlands Antilles, Serbia and Montenegro) are spread over their successors, not lost.
        let serbia = try pythonSum(file, filter: "r['EDGAR Country Code']=='SCG'", column: "2021")
        XCTAssertEqual(try XCTUnwrap(total(m, "SCG")), serbia * 1e6, accuracy: serbia * 1e6 * 1e-12)
        XCTAssertEqual(ManifestReader.skippedRows(m), [:])
        // China's power sector went to its power plants, not to population.
        let fallbacks = m["fallbacks"] as! [[String: Any]]
        XCTAssertFalse(fallbacks.contains { $0["iso3"] as? String == "CHN" && ManifestReader.sector($0) == "1.A.1.a" })
    }
}
