import XCTest
@testable import HolomapCore

final class InventoryTests: XCTestCase {
    let gwp = GWPSet(name: "AR5GWP100", values: ["CH4": 28, "N2O": 265])

    func testCSVReaderHandlesQuotesAndReportsLines() {
        let rows = Array(CSVReader("a,b\n\"Bonaire, Sint Eustatius\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,1"))
        XCTAssertEqual(rows.map(\.line), [1, 2, 3, 5])
        XCTAssertEqual(rows[1].fields, ["Bonaire, Sint Eustatius", "say \"hi\""])
        XCTAssertEqual(rows[2].fields, ["two\nlines", "x"])
    }

    func testGenericCSVAndUnitConversions() throws {
        let text = """
        iso3,year,sector,gas,value,unit
        CHN,2020,1.A.1,CO2,1,MtC
        CHN,2020,1.A.2,CO2,500,kt
        CHN,2020,1.A.3,CO2,2,Gg
        CHN,2020,4,CH4,10,kt
        CHN,2020,3,N2O,1,t
        CHN,2020,2,CO2,3,MtCO2e
        CHN,2020,3.Z,CO2,-5,Mt
        CHN,2019,1.A.1,CO2,9,Mt

        """
        let records = try InventoryFormat.generic.parse(text, file: "inv.csv", years: [2020])
        XCTAssertEqual(records.count, 7)
        var v = InventoryValidator(knownCountries: ["CHN"], gwp: gwp, skipInvalid: false)
        XCTAssertThrowsError(try v.convert(records, file: "inv.csv")) { error in
            XCTAssertEqual("\(error)", "inv.csv (line 8): unknown IPCC sector '3.Z'")
        }
        let known = records.filter { $0.sector != "3.Z" }
        let e = try v.convert(known, file: "inv.csv")
        XCTAssertEqual(e[0].tonnesCO2e, 1e6 * 44 / 12, accuracy: 1e-6, "MtC → t CO2 by 44/12")
        XCTAssertEqual(e[1].tonnesCO2e, 5e5)
        XCTAssertEqual(e[2].tonnesCO2e, 2e3, "Gg = kt")
        XCTAssertEqual(e[3].tonnesCO2e, 10e3 * 28, "CH4 by AR5 GWP100")
        XCTAssertEqual(e[4].tonnesCO2e, 265)
        XCTAssertEqual(e[5].tonnesCO2e, 3e6, "already CO2e")
    }

    func testEachBadRowKindIsNamedOrCountedWhenSkipping() throws {
        let text = """
        iso3,year,sector,gas,value,unit
        XYZ,2020,1.A.1,CO2,1,Mt
        CHN,2020,1.A.1,CO2,-1,Mt
        CHN,2020,1.A.2,CO2,NaN,Mt
        CHN,2020,1.A.3,CO2,1,bushels
        CHN,2020,4,CO2,1,Mt
        CHN,2020,4,CO2,2,Mt
        CHN,2020,3,CO2,-7,Mt
        """
        let records = try InventoryFormat.generic.parse(text, file: "bad.csv")
        let expected = [
            "bad.csv:2: unknown country code 'XYZ'",
            "bad.csv (line 3): negative value -1.0 for non-sink sector 1.A.1",
            "bad.csv (line 4): value is NaN or infinite",
            "bad.csv (line 5): unknown unit 'bushels'",
            "bad.csv (line 7): duplicate of line 6 (CHN 2020 4 CO2)",
        ]
        for (k, message) in expected.enumerated() {
            var v = InventoryValidator(knownCountries: ["CHN"], gwp: gwp, skipInvalid: false)
            let subset = k == 4 ? Array(records[4...5]) : [records[k]]
            XCTAssertThrowsError(try v.convert(subset, file: "bad.csv")) { XCTAssertEqual("\($0)", message) }
        }
        var skipping = InventoryValidator(knownCountries: ["CHN"], gwp: gwp, skipInvalid: true)
        let kept = try skipping.convert(records, file: "bad.csv")
        XCTAssertEqual(kept.count, 2, "the first 4 row and the sink")
        XCTAssertEqual(skipping.skipped.counts, ["unknown country": 1, "negative value": 1, "not a number": 1, "unknown unit": 1, "duplicate key": 1])
    }

    func testGenericCSVStructuralErrorsNameTheLine() {
        XCTAssertThrowsError(try InventoryFormat.generic.parse("iso3,year,sector,gas,value\n", file: "h.csv")) {
            XCTAssertTrue("\($0)".hasPrefix("h.csv (line 1): missing column(s) unit"), "\($0)")
        }
        XCTAssertThrowsError(try InventoryFormat.generic.parse("iso3,year,sector,gas,value,unit\nCHN,20x0,1,CO2,1,Mt\n", file: "y.csv")) {
            XCTAssertEqual("\($0)", "y.csv (line 2): year '20x0' is not a whole number")
        }
        XCTAssertThrowsError(try InventoryFormat.generic.parse("iso3,year,sector,gas,value,unit\nCHN,2020,1,CO2,lots,Mt\n", file: "v.csv")) {
            XCTAssertEqual("\($0)", "v.csv (line 2): value 'lots' is not a number")
        }
    }

    func testGWPTableParsing() throws {
        let text = "# comment\nSpecies,AR4GWP100,AR5GWP100\nCH4,25,28\nN2O,298,265\nX,,\n"
        let set = try GWPSet.parse(text, column: "AR4GWP100", source: "gwp.csv")
        XCTAssertEqual(set.values, ["CH4": 25, "N2O": 298])
        XCTAssertEqual(set.factor("CO2"), 1)
        XCTAssertThrowsError(try GWPSet.parse(text, column: "AR9GWP100", source: "gwp.csv"))
    }
}
