import Foundation
import XCTest
import HolomapTestSupport
@testable import HolomapBridge
@testable import HolomapCore

/// The GCB land-flux reader on small netCDF files made with ncgen (plain and gzip), and the
/// workbook reader on the GCB 2023 budget (when the reference data is present).
final class GriddedFluxReaderTests: XCTestCase {
    /// A 2 × 3 lat/lon file, latitude ascending, as the GCB files are.
    func file(units: String, gzip: Bool = false) throws -> String {
        let folder = try TestSupport.temporaryFolder()
        let cdl = folder.appendingPathComponent("f.cdl").path, nc = folder.appendingPathComponent("f.nc").path
        try """
        netcdf f {
        dimensions: lon = 3 ; lat = 2 ;
        variables:
          double lon(lon) ; double lat(lat) ;
          float SLAND(lat, lon) ; SLAND:units = "\(units)" ; SLAND:_FillValue = -999.f ;
        data:
          lon = -1, 0, 1 ; lat = 10.5, 11.5 ;
          SLAND = 1, 2, -999, 4, 5, 6 ;
        }
        """.write(toFile: cdl, atomically: true, encoding: .utf8)
        let made = try TestSupport.run("/usr/bin/ncgen", ["-4", "-o", nc, cdl])
        guard made.status == 0 else { throw XCTSkip("needs ncgen (netcdf-bin): \(made.stderr)") }
        guard gzip else { return nc }
        XCTAssertEqual(try TestSupport.run("/usr/bin/gzip", ["-k", nc]).status, 0)
        return nc + ".gz"
    }

    func testNorthUpValuesConvertedFromTheFilesUnits() throws {
        let plain = try GriddedFluxReader.read(try file(units: "Kg/m2/s"), variable: "SLAND")
        XCTAssertEqual(plain.grid.transform.originY, 12); XCTAssertEqual(plain.grid.transform.originX, -1.5)
        XCTAssertEqual(Array(plain.values[0..<3]), [4, 5, 6])   // the northern row first
        XCTAssertEqual(plain.values[3], 1); XCTAssertTrue(plain.values[5].isNaN)
        let perYear = try GriddedFluxReader.read(try file(units: "kg/m2/yr", gzip: true), variable: "SLAND")
        XCTAssertEqual(perYear.values[0], 4 / FluxUnits.secondsPerYear, accuracy: 1e-20)
    }

    func testUnitsThatAreNotAFluxOrAMissingVariableAreOneLine() throws {
        let path = try file(units: "mol m-2 s-1")
        XCTAssertThrowsError(try GriddedFluxReader.read(path, variable: "SLAND")) { error in
            XCTAssertEqual("\(error)", "\(path) (variable SLAND): units 'mol m-2 s-1' are not a carbon flux per area (kg m-2 s-1 or kg m-2 yr-1)")
        }
        XCTAssertThrowsError(try GriddedFluxReader.read(path, variable: "NBP")) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path) (variable NBP): no such variable"), "\(error)")
        }
    }

    func testTheGCBWorkbookThroughOGR() throws {
        let path = try TestSupport.sharedFile("gcb2023-gridded-land-fluxes/Global_Carbon_Budget_2023v1.1.xlsx")
        let budget = try CarbonBudget.parse(try SpreadsheetSheet.rows(path, sheet: CarbonBudget.sheet), file: path)
        XCTAssertEqual(budget.years.first, 1959); XCTAssertEqual(budget.years.last, 2022)
        XCTAssertEqual(budget.value("ocean sink", year: 2021), 2.8255850120941202)
        // The 2013–2022 means the issue quotes: land sink 3.349, land-use change 1.274 GtC/yr.
        XCTAssertEqual(try XCTUnwrap(budget.mean("land sink", 2013...2022)), 3.349, accuracy: 0.0005)
        XCTAssertEqual(try XCTUnwrap(budget.mean("land-use change emissions", 2013...2022)), 1.274, accuracy: 0.0005)
        XCTAssertThrowsError(try SpreadsheetSheet.rows(path, sheet: "Budget")) { error in
            XCTAssertTrue("\(error)".contains("(sheet 'Budget'): no such sheet (sheets: Summary, Global Carbon Budget"), "\(error)")
        }
    }
}
