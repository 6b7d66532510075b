import XCTest
@testable import HolomapCore

/// The GCB workbook's "Global Carbon Budget" sheet as rows of cells.
final class CarbonBudgetTests: XCTestCase {
    let rows: [[String]] = [
        ["", "Global Carbon Budget"],
        ["GtC/yr"],
        ["Year", "fossil emissions excluding carbonation", "land-use change emissions", "atmospheric growth", "ocean sink", "land sink"],
        ["2021", "10.05", "1.18", "5.20", "2.8255850120941202", "3.54"],
        ["2022", "10.1", "1.2", "4.6", "2.8", ""],
    ]

    func testYearsColumnsAndMeans() throws {
        let b = try CarbonBudget.parse(rows, file: "gcb.xlsx")
        XCTAssertEqual(b.years, [2021, 2022])
        XCTAssertEqual(b.value("ocean sink", year: 2021), 2.8255850120941202)
        XCTAssertNil(b.value("land sink", year: 2022))
        XCTAssertNil(b.value("ocean sink", year: 1900))
        XCTAssertEqual(try XCTUnwrap(b.mean("land-use change emissions", 2021...2022)), 1.19, accuracy: 1e-12)
    }

    func testAMissingColumnOrABadCellNamesTheSheetRowAndColumn() {
        var noOcean = rows
        noOcean[2][4] = "sea"
        XCTAssertThrowsError(try CarbonBudget.parse(noOcean, file: "gcb.xlsx")) { error in
            XCTAssertTrue("\(error)".hasPrefix("gcb.xlsx (sheet 'Global Carbon Budget', row 3): no column 'ocean sink'"), "\(error)")
        }
        var bad = rows
        bad[3][4] = "n/a"
        XCTAssertThrowsError(try CarbonBudget.parse(bad, file: "gcb.xlsx")) { error in
            XCTAssertEqual("\(error)", "gcb.xlsx (sheet 'Global Carbon Budget', row 4, column 'ocean sink'): 'n/a' is not a number")
        }
        var units = rows
        units[1] = ["PgCO2/yr"]
        XCTAssertThrowsError(try CarbonBudget.parse(units, file: "gcb.xlsx"))
    }
}
