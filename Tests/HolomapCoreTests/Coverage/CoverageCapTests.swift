import XCTest
@testable import HolomapCore

/// A territory cut out of a country keeps its cells: the country's fraction is capped at 1 − the
/// territory's, so no cell is covered more than once.
final class CoverageCapTests: XCTestCase {
    func testCappedCountryLeavesTheTerritoryItsShare() {
        var country = SparseCoverage(code: "CHN", width: 4, height: 1)
        country.append(row: 0, start: 0, count: 3, fraction: nil)      // cells 0-2 whole
        country.append(row: 0, start: 3, count: 1, fraction: 0.5)
        var territory = SparseCoverage(code: "HKG", width: 4, height: 1)
        territory.append(row: 0, start: 1, count: 1, fraction: nil)    // all of cell 1
        territory.append(row: 0, start: 2, count: 1, fraction: 0.3)
        territory.append(row: 0, start: 3, count: 1, fraction: 0.2)
        let capped = country.capped(by: [territory])
        XCTAssertEqual((0..<4).map { capped.fraction(row: 0, column: $0) }, [1, 0, 0.7, 0.5])
        XCTAssertEqual(capped.cellCount, 3)
    }
}
