import Foundation
import XCTest
import HolomapCore
@testable import HolomapAccounts

/// The CO2 of an MRIO is named, never guessed: the stressor called CO2, EXIOBASE's combustion and
/// process rows, or what the user names; anything else is an error listing what the table has.
final class StressorSelectionTests: XCTestCase {
    // EXIOBASE 3's CO2 rows (the satellite's names) among others.
    let exiobase: [(name: String, compartment: String)] = [
        ("Taxes less subsidies on products purchased: Total", ""),
        ("CO2 - combustion - air", "air"),
        ("CH4 - combustion - air", "air"),
        ("CO2 - non combustion - Cement production - air", "air"),
        ("CO2 - non combustion - Lime production - air", "air"),
        ("CO2 - agriculture - peat decay - air", "air"),
        ("CO2 - waste - biogenic - air", "air"),
    ]

    func testExiobaseCO2IsCombustionPlusProcessRowsOnly() throws {
        let chosen = try StressorSelection.choose(nil, from: exiobase, source: "IOT_2019_ixi.zip")
        XCTAssertEqual(chosen.indices, [1, 3, 4])
        // Stressors × 2 regions; region 0 sums rows 1, 3 and 4: 10 + 0.5 + 0.25.
        let table = Matrix(rows: 7, columns: 2, values: [99, 99, 10, 1, 7, 7, 0.5, 2, 0.25, 3, 100, 100, 50, 50])
        XCTAssertEqual(chosen.sum(table, column: 0), 10.75)
        XCTAssertEqual(chosen.sum(table, column: 1), 6)
    }

    func testAStressorNamedCO2IsTakenAsItIs() throws {
        let chosen = try StressorSelection.choose(nil, from: [("N2O", "air"), ("co2", "air")], source: "t")
        XCTAssertEqual(chosen.indices, [1])
    }

    func testNamedStressorsAreSummedAndUnknownOnesListWhatExists() throws {
        let chosen = try StressorSelection.choose(["CO2 - combustion - air", "CO2 - agriculture - peat decay - air"], from: exiobase, source: "t")
        XCTAssertEqual(chosen.indices, [1, 5])
        XCTAssertThrowsError(try StressorSelection.choose(["CO2 total"], from: exiobase, source: "IOT_2019_ixi.zip")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("--stressor CO2 total: IOT_2019_ixi.zip has no such stressor"), text)
            XCTAssertTrue(text.contains("CO2 - combustion - air"), text)
            XCTAssertFalse(text.contains("Taxes"), "only the stressors that look like the name: \(text)")
        }
    }

    func testATableWithoutCO2IsAnErrorNotItsFirstStressor() {
        XCTAssertThrowsError(try StressorSelection.choose(nil, from: [("emission_type1", "air"), ("emission_type2", "water")], source: "mrio")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("mrio has no stressor named CO2: name the CO2 account with --stressor"), text)
            XCTAssertTrue(text.contains("available: emission_type1, emission_type2"), text)
        }
    }
}
