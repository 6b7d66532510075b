import XCTest
@testable import HolomapCore

/// Each importer's GWP basis and what the validator does with a set other than the run's.
final class GWPBasisTests: XCTestCase {
    let ar4 = GWPSet(name: "AR4GWP100", values: ["CH4": 25, "N2O": 298])
    let ar6 = GWPSet(name: "AR6GWP100", values: ["CH4": 27.9, "N2O": 273])

    func testImportersRecordTheirBasis() {
        XCTAssertEqual(InventoryFormat.edgar7.co2eBasis, .co2e("AR5GWP100"))
        XCTAssertEqual(InventoryFormat.cait.co2eBasis, .co2e("AR4GWP100"))
        XCTAssertEqual(InventoryFormat.crf.co2eBasis, .co2e("AR4GWP100"))
        XCTAssertEqual(InventoryFormat.edgar.co2eBasis, .mass)
        XCTAssertEqual(InventoryFormat.owid.co2eBasis, .co2eUnstated)
    }

    /// CAIT-like rows in AR4 CO2e under an AR6 run: one gas converted (CH4 × 27.9/25), CO2 as is,
    /// an all-GHG value left in AR4 and named so; masses take AR6.
    func testOneGasIsConvertedAndAMixtureIsNamed() throws {
        let records = [
            EmissionRecord(iso3: "CHN", year: 2020, sector: "4", gas: "CH4", value: 100, unit: "MtCO2e", origin: "line 2"),
            EmissionRecord(iso3: "CHN", year: 2020, sector: "1.A.2", gas: "CO2", value: 50, unit: "MtCO2e", origin: "line 3"),
            EmissionRecord(iso3: "CHN", year: 2020, sector: "2", gas: "GHG", value: 10, unit: "MtCO2e", origin: "line 4"),
        ]
        var v = InventoryValidator(knownCountries: ["CHN"], gwp: ar6, skipInvalid: false, basis: .co2e("AR4GWP100"), sourceGWP: ar4)
        let out = try v.convert(records, file: "cait.csv")
        XCTAssertEqual(out[0].tonnesCO2e, 100e6 / 25 * 27.9, accuracy: 1e-6)
        XCTAssertEqual(out[1].tonnesCO2e, 50e6)
        XCTAssertEqual(out[2].tonnesCO2e, 10e6)
        XCTAssertEqual(v.basis.convertedRecords, 1)
        XCTAssertEqual(v.basis.sameSetRecords, 1)
        XCTAssertEqual(v.basis.unconvertedRecords, 1)
        XCTAssertEqual(v.basis.unconvertedTonnes, 10e6)
        XCTAssertTrue(v.basis.mismatch)
        XCTAssertEqual(v.basis.outputLabel, "mixed: AR6GWP100 and, for gases not split, AR4GWP100")

        var masses = InventoryValidator(knownCountries: ["CHN"], gwp: ar6, skipInvalid: false, basis: .co2e("AR4GWP100"), sourceGWP: ar4)
        let m = try masses.convert([EmissionRecord(iso3: "CHN", year: 2020, sector: "4", gas: "N2O", value: 1, unit: "kt", origin: "line 2")], file: "x.csv")
        XCTAssertEqual(m[0].tonnesCO2e, 273_000)
        XCTAssertFalse(masses.basis.mismatch)
        XCTAssertEqual(masses.basis.outputLabel, "AR6GWP100")
    }
}
