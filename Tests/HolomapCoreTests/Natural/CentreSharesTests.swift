import XCTest
@testable import HolomapCore

/// Source amounts onto a projected grid's cells by the source cell under each centre: values
/// worked out by hand from the rule (docs/natural.md#projected-grids).
final class CentreSharesTests: XCTestCase {
    /// 2 × 2 source cells of 1° at the equator; a 3 × 2 target given by where its centres lie.
    let source = Grid(crs: .wgs84, transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 1, pixelHeight: -1), width: 2, height: 2)

    func shares() -> CentreShares {
        // Target cells 0,1 lie in source 0 (areas 1 + 1), 2,3 in source 1 (2 + 1), 4 in none,
        // 5 in source 2 (area 1), which the grid's edge cuts; source 3 holds no centre, its own
        // centre lies in target cell 4.
        CentreShares(source: source, targetWidth: 3, centreCell: [0, 0, 1, 1, -1, 2], areas: .perCell(width: 3, [1, 1, 2, 1, 3, 1]),
                     wholeInside: { $0 < 2 }, sourceCentres: [(source: 2, target: 5), (source: 3, target: 4), (source: 0, target: 1)])
    }

    func testEachSourceCellIsSharedByAreaAndKeptWholeInside() {
        let amounts = [10.0, 30, 7, 5]
        let field = CentreSharesField(amounts, shares: shares())
        var out = [Double](repeating: -1, count: 6)
        out.withUnsafeMutableBufferPointer { field.fill(rows: 0..<2, into: $0) }
        let a2 = source.geographicRowAreas()[1]
        // Source 0: 10 × 1/2 each; source 1: 30 × 2/3 and × 1/3; source 3 whole at cell 4;
        // source 2 keeps min(1, 1 m² / its area) of its 7 t.
        let want = [5, 5, 20, 10, 5, 7 / a2]
        for (g, w) in zip(out, want) { XCTAssertEqual(g, w, accuracy: 1e-12 * max(1, w)) }
        XCTAssertEqual(out[0] + out[1], 10, accuracy: 0); XCTAssertEqual(out[2] + out[3], 30, accuracy: 1e-12)
    }

    /// A source cell whose only target cell has no area (its corners off the projection) is not
    /// lost: it goes whole to the cell under its own centre.
    func testASourceCellOnCellsWithoutAreaGoesWholeToItsCentre() {
        let shares = CentreShares(source: source, targetWidth: 2, centreCell: [0, 1], areas: .perCell(width: 2, [1, 0]),
                                  wholeInside: { _ in true }, sourceCentres: [(source: 0, target: 0), (source: 1, target: 1)])
        var out = [Double](repeating: -1, count: 2)
        out.withUnsafeMutableBufferPointer { CentreSharesField([3, 4, 0, 0], shares: shares).fill(rows: 0..<1, into: $0) }
        XCTAssertEqual(out, [3, 4])
    }

    func testABandOfRowsIsTheSameAsTheWhole() {
        let field = CentreSharesField([10, 30, 7, 5], shares: shares())
        var whole = [Double](repeating: 0, count: 6), band = [Double](repeating: -1, count: 3)
        whole.withUnsafeMutableBufferPointer { field.fill(rows: 0..<2, into: $0) }
        band.withUnsafeMutableBufferPointer { field.fill(rows: 1..<2, into: $0) }
        XCTAssertEqual(band, Array(whole[3...]))
    }
}
